package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.PresenceScope;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceTest {

    private static List<String> statuses(TestClient c, String userId) {
        return c.received("presence:changed").stream()
                .filter(p -> p.path("userId").asText().equals(userId))
                .map(p -> p.path("status").asText()).toList();
    }

    @Test
    void firstConnectionIsOnlineAndLastDisconnectIsOfflineForRoomMates() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            node.realtime.rooms().addMember("general", "bob", MemberRole.MEMBER);
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            TestClient bob1 = node.connect("bob");
            TestClient bob2 = node.connect("bob");
            assertThat(statuses(alice, "bob")).containsExactly("online");

            bob1.disconnect();
            assertThat(statuses(alice, "bob")).containsExactly("online");
            assertThat(node.realtime.presence(List.of("bob")).get(0).connectionCount()).isEqualTo(1);

            bob2.disconnect();
            assertThat(statuses(alice, "bob")).containsExactly("online", "offline");
            assertThat(node.realtime.presence(List.of("bob")).get(0).status()).isEqualTo(PresenceStatus.OFFLINE);
        }
    }

    @Test
    void roomScopeKeepsStrangersUninformedAndGlobalScopeTellsEveryone() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient stranger = node.connect("stranger");
            ok(alice.emit("room:join", room("general")));
            TestClient bob = node.connect("bob");
            ok(bob.emit("presence:update", Map.of("status", "busy")));

            assertThat(statuses(stranger, "bob")).isEmpty();
            ok(bob.emit("room:join", room("general")));
            ok(bob.emit("presence:update", Map.of("status", "away")));
            assertThat(statuses(alice, "bob")).containsExactly("away");
        }
        try (TestNode node = TestNode.start(o -> o.presenceScope(PresenceScope.GLOBAL))) {
            TestClient stranger = node.connect("stranger");
            node.connect("bob");
            assertThat(statuses(stranger, "bob")).containsExactly("online");
        }
    }

    @Test
    void updatesCarryCustomStatusThatExpires() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));
            String expires = node.clock.now().plus(Duration.ofMinutes(30)).toString();

            JsonNode data = ok(bob.emit("presence:update", Map.of("status", "busy",
                    "customStatus", Map.of("text", "In a meeting", "emoji", "📅", "expiresAt", expires))));

            assertThat(data.path("status").asText()).isEqualTo("busy");
            JsonNode seen = alice.last("presence:changed").orElseThrow();
            assertThat(seen.path("userId").asText()).isEqualTo("bob");
            assertThat(seen.path("status").asText()).isEqualTo("busy");
            assertThat(seen.path("customStatus").asText()).isEqualTo("In a meeting");
            assertThat(seen.path("customEmoji").asText()).isEqualTo("📅");
            assertThat(seen.path("customStatusExpiresAt").asText()).isEqualTo(expires);

            node.clock.advance(Duration.ofMinutes(30));

            JsonNode cleared = alice.last("presence:changed").orElseThrow();
            assertThat(cleared.path("status").asText()).isEqualTo("busy");
            assertThat(cleared.path("customStatus").isNull()).isTrue();
        }
    }

    @Test
    void inactivityMakesOnlineUsersAwayAndActivityBringsThemBack() {
        try (TestNode node = TestNode.start(o -> o.awayAfter(Duration.ofMinutes(5)))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            node.clock.advance(Duration.ofMinutes(4));
            ok(alice.emit("ping", Map.of()));
            node.clock.advance(Duration.ofMinutes(2));

            assertThat(statuses(alice, "bob")).containsExactly("away");
            assertThat(node.realtime.presence(List.of("alice")).get(0).status()).isEqualTo(PresenceStatus.ONLINE);

            ok(bob.emit("ping", Map.of()));
            assertThat(statuses(alice, "bob")).containsExactly("away", "online");
        }
    }

    @Test
    void aWallClockStepNeitherMakesActiveUsersAwayNorKeepsIdleOnesOnline() {
        try (TestNode node = TestNode.start(o -> o.awayAfter(Duration.ofMinutes(5)))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            node.clock.stepWallClock(Duration.ofHours(1));
            node.clock.advance(Duration.ofMinutes(1));
            assertThat(statuses(alice, "bob")).as("a forward step is not inactivity").isEmpty();

            node.clock.stepWallClock(Duration.ofHours(-2));
            ok(alice.emit("ping", Map.of()));
            node.clock.advance(Duration.ofMinutes(5));
            assertThat(statuses(alice, "bob")).as("a backward step does not hide inactivity").containsExactly("away");
        }
    }

    @Test
    void aChosenAwayOrBusyIsNotUndoneByActivity() {
        try (TestNode node = TestNode.start()) {
            TestClient bob = node.connect("bob");
            ok(bob.emit("presence:update", Map.of("status", "busy")));
            ok(bob.emit("ping", Map.of()));
            assertThat(node.realtime.presence(List.of("bob")).get(0).status()).isEqualTo(PresenceStatus.BUSY);
        }
    }

    @Test
    void presenceGetAnswersForKnownAndUnknownUsers() {
        try (TestNode node = TestNode.start()) {
            TestClient alice = node.connect("alice");
            node.connect("bob");

            JsonNode data = ok(alice.emit("presence:get", Map.of("userIds", List.of("bob", "nobody"))));

            assertThat(data.path("presences")).hasSize(2);
            assertThat(data.path("presences").get(0).path("userId").asText()).isEqualTo("bob");
            assertThat(data.path("presences").get(0).path("status").asText()).isEqualTo("online");
            assertThat(data.path("presences").get(0).path("connectionCount").asInt()).isEqualTo(1);
            assertThat(data.path("presences").get(1).path("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void badPresencePayloadsAreValidationErrors() {
        try (TestNode node = TestNode.start()) {
            TestClient a = node.connect("a");
            assertThat(code(a.emit("presence:update", Map.of("status", "sleeping")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("presence:update", Map.of("status", "busy", "customStatus",
                    Map.of("text", "x".repeat(101)))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("presence:update", Map.of("status", "busy", "customStatus",
                    Map.of("text", "x", "expiresAt", "tomorrow"))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("presence:update", Map.of("status", "busy", "customStatus",
                    Map.of("text", "x", "expiresAt", "2020-01-01T00:00:00Z"))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("presence:get", Map.of("userIds", List.of())))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("presence:get", Map.of("userIds", "bob")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(a.emit("presence:get", Map.of("userIds", java.util.Collections.nCopies(101, "u")))))
                    .isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void anonymousUsersHaveNoPresence() {
        try (TestNode node = TestNode.start(o -> o.allowAnonymous(true))) {
            TestClient guest = node.connectAnonymous();
            assertThat(code(guest.emit("presence:update", Map.of("status", "busy")))).isEqualTo("FORBIDDEN");
            ok(guest.emit("presence:get", Map.of("userIds", List.of("x"))));
        }
    }
}
