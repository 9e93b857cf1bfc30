package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TypingTest {
    private TestNode node;
    private TestClient alice;
    private TestClient bob;

    @BeforeEach
    void setUp() {
        node = TestNode.start(o -> o.typingTimeout(Duration.ofMillis(3000)));
        node.createRoom("general");
        alice = node.connect("alice");
        bob = node.connect("bob");
        ok(alice.emit("room:join", room("general")));
        ok(bob.emit("room:join", room("general")));
        alice.clear();
        bob.clear();
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    private static List<String> typists(JsonNode event) {
        return event.path("users").findValuesAsText("userId");
    }

    @Test
    void startIsAnnouncedToOthersButNotToTheTypist() {
        ok(alice.emit("typing:start", room("general")));

        assertThat(bob.received("typing:event")).singleElement().satisfies(e -> {
            assertThat(e.path("roomName").asText()).isEqualTo("general");
            assertThat(e.path("threadId").isNull()).isTrue();
            assertThat(typists(e)).containsExactly("alice");
            assertThat(e.path("users").get(0).path("startedAt").asText()).isEqualTo(node.clock.now().toString());
        });
        assertThat(alice.received("typing:event")).isEmpty();
    }

    @Test
    void typingExpiresAfterTheTimeoutAndTheExpiryIsAnnounced() {
        ok(alice.emit("typing:start", room("general")));
        node.clock.advance(Duration.ofMillis(2999));
        assertThat(bob.received("typing:event")).hasSize(1);

        node.clock.advance(Duration.ofMillis(1));

        assertThat(bob.received("typing:event")).hasSize(2);
        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();
    }

    @Test
    void typingExpiresOnTimeWhenTheWallClockStepsBack() {
        ok(alice.emit("typing:start", room("general")));
        node.clock.stepWallClock(Duration.ofHours(-1));
        node.clock.advance(Duration.ofMillis(3000));

        assertThat(bob.received("typing:event")).hasSize(2);
        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();
    }

    @Test
    void aRepeatedStartExtendsTheExpiryWithoutANewAnnouncement() {
        ok(alice.emit("typing:start", room("general")));
        node.clock.advance(Duration.ofMillis(2000));
        ok(alice.emit("typing:start", room("general")));
        node.clock.advance(Duration.ofMillis(2000));

        assertThat(bob.received("typing:event")).hasSize(1);

        node.clock.advance(Duration.ofMillis(1000));
        assertThat(bob.received("typing:event")).hasSize(2);
        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();
    }

    @Test
    void stopEndsTypingAtOnce() {
        ok(alice.emit("typing:start", room("general")));
        ok(alice.emit("typing:stop", room("general")));

        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();
        node.clock.advance(Duration.ofSeconds(5));
        assertThat(bob.received("typing:event")).hasSize(2);
    }

    @Test
    void sendingAMessageClearsTyping() {
        ok(alice.emit("typing:start", room("general")));
        ok(alice.emit("message:send", Map.of("roomName", "general", "content", "done")));

        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();
    }

    @Test
    void leavingAndDisconnectingClearTyping() {
        ok(alice.emit("typing:start", room("general")));
        ok(alice.emit("room:leave", room("general")));
        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();

        TestClient carol = node.connect("carol");
        ok(carol.emit("room:join", room("general")));
        ok(carol.emit("typing:start", room("general")));
        assertThat(typists(bob.last("typing:event").orElseThrow())).containsExactly("carol");
        carol.disconnect();
        assertThat(typists(bob.last("typing:event").orElseThrow())).isEmpty();
    }

    @Test
    void threadsAreSeparate() {
        ok(alice.emit("typing:start", Map.of("roomName", "general", "threadId", "t1")));
        TestClient carol = node.connect("carol");
        ok(carol.emit("room:join", room("general")));
        ok(carol.emit("typing:start", room("general")));

        List<JsonNode> events = bob.received("typing:event");
        assertThat(events.get(0).path("threadId").asText()).isEqualTo("t1");
        assertThat(typists(events.get(0))).containsExactly("alice");
        assertThat(events.get(1).path("threadId").isNull()).isTrue();
        assertThat(typists(events.get(1))).containsExactly("carol");
    }

    @Test
    void severalTypistsAreListedOldestFirst() {
        ok(alice.emit("typing:start", room("general")));
        node.clock.advance(Duration.ofMillis(100));
        ok(bob.emit("typing:start", room("general")));
        TestClient carol = node.connect("carol");
        JsonNode joined = ok(carol.emit("room:join", room("general")));

        assertThat(carol.received("typing:event")).isEmpty();
        assertThat(joined.path("typing").findValuesAsText("userId")).containsExactly("alice", "bob");
    }

    @Test
    void typingRequiresJoiningAndIsRefusedToMutedAndAnonymousUsers() {
        TestClient carol = node.connect("carol");
        assertThat(code(carol.emit("typing:start", room("general")))).isEqualTo("NOT_IN_ROOM");

        var m = node.membership("general", "bob");
        node.realtime.rooms().updateMember(m.withMuted(true));
        assertThat(code(bob.emit("typing:start", room("general")))).isEqualTo("FORBIDDEN");
        assertThat(code(alice.emit("typing:start", Map.of("roomName", "general", "threadId", 7))))
                .isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void disabledTypingIsRefusedClearly() {
        try (TestNode off = TestNode.start(o -> o.enableTyping(false))) {
            off.createRoom("general");
            TestClient a = off.connect("a");
            ok(a.emit("room:join", room("general")));
            assertThat(code(a.emit("typing:start", room("general")))).isEqualTo("UNAVAILABLE");
        }
    }
}
