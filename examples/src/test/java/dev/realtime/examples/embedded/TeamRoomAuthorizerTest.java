package dev.realtime.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Testing application code against the real engine without sockets or sleeping: the testkit's
 * {@link InProcessTransport} gives {@link TestClient}s that emit events and record what they receive, and a
 * {@link ManualClock} moves time only when told to.
 */
class TeamRoomAuthorizerTest {

    private final ManualClock clock = new ManualClock();
    private final InProcessTransport transport = new InProcessTransport();
    private final TeamDirectory teams = new TeamDirectory();
    private Realtime realtime;

    @BeforeEach
    void start() {
        teams.setMembers("core", Set.of("alice"));
        realtime = Realtime.builder()
                .options(RealtimeOptions.builder().typingTimeout(Duration.ofSeconds(3)).build())
                .clock(clock)
                .authenticator(FakeAuthenticator.INSTANCE)
                .joinAuthorizer(new TeamRoomAuthorizer(teams))
                .transport(transport)
                .build();
        realtime.start();
        realtime.rooms().create(Room.builder("general").build());
        realtime.rooms().create(Room.builder("team:core").build());
    }

    @AfterEach
    void stop() {
        realtime.close();
    }

    private static JsonNode join(TestClient client, String room) {
        return client.emit("room:join", Map.of("roomName", room));
    }

    @Test
    void teamMembersMayJoinTheirTeamRoom() {
        TestClient alice = transport.connect("user:alice");
        JsonNode ack = join(alice, "team:core");
        assertThat(ack.path("success").asBoolean()).isTrue();
        assertThat(ack.path("data").path("roomName").asText()).isEqualTo("team:core");
    }

    @Test
    void othersAreRefusedWithTheHooksMessage() {
        TestClient bob = transport.connect("user:bob");
        JsonNode ack = join(bob, "team:core");
        assertThat(ack.path("success").asBoolean()).isFalse();
        assertThat(ack.path("error").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(ack.path("error").path("message").asText()).contains("team core");
        assertThat(realtime.rooms().onlineCount("team:core")).isZero();
    }

    @Test
    void roomsOutsideTheRuleFollowTheBuiltInRules() {
        TestClient bob = transport.connect("user:bob");
        assertThat(join(bob, "general").path("success").asBoolean()).isTrue();
        assertThat(join(bob, "no-such-room").path("error").path("code").asText()).isEqualTo("ROOM_NOT_FOUND");
    }

    @Test
    void aDirectoryChangeAppliesToTheNextJoin() {
        TestClient bob = transport.connect("user:bob");
        assertThat(join(bob, "team:core").path("success").asBoolean()).isFalse();
        teams.setMembers("core", Set.of("alice", "bob"));
        assertThat(join(bob, "team:core").path("success").asBoolean()).isTrue();
    }

    @Test
    void membersChatAndTypingExpiresWithoutWaiting() {
        TestClient alice = transport.connect("user:alice");
        TestClient bob = transport.connect("user:bob");
        join(alice, "general");
        join(bob, "general");

        alice.emit("typing:start", Map.of("roomName", "general"));
        assertThat(bob.last("typing:event").orElseThrow().path("users").findValuesAsText("userId"))
                .containsExactly("alice");

        clock.advance(Duration.ofSeconds(3));
        assertThat(bob.last("typing:event").orElseThrow().path("users").size()).isZero();

        alice.emit("message:send", Map.of("roomName", "general", "content", "hello bob"));
        JsonNode message = bob.last("message:new").orElseThrow();
        assertThat(message.path("userId").asText()).isEqualTo("alice");
        assertThat(message.path("content").asText()).isEqualTo("hello bob");
        assertThat(message.path("timestamp").asText()).isEqualTo(clock.now().toString());
    }
}
