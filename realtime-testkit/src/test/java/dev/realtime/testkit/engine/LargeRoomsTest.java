package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rooms above {@code roomAnnounceLimit} stop announcing joins and leaves and stop listing members. */
class LargeRoomsTest {

    @Test
    void aRoomAtTheLimitStillAnnouncesAndListsMembers() {
        try (TestNode node = TestNode.start(o -> o.roomAnnounceLimit(2))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            JsonNode data = ok(node.connect("bob").emit("room:join", room("general")));

            assertThat(alice.received("user:joined")).extracting(j -> j.path("userId").asText())
                    .containsExactly("bob");
            assertThat(data.path("members")).extracting(JsonNode::asText).containsExactly("alice", "bob");
        }
    }

    @Test
    void joinsAndLeavesAboveTheLimitAreNotAnnouncedAndTheAckOnlyCounts() {
        try (TestNode node = TestNode.start(o -> o.roomAnnounceLimit(2))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));
            alice.clear();

            TestClient carol = node.connect("carol");
            JsonNode data = ok(carol.emit("room:join", room("general")));
            ok(node.connect("dave").emit("room:join", room("general")));
            ok(carol.emit("room:leave", room("general")));
            bob.disconnect();

            assertThat(data.has("members")).as("ack %s", data).isFalse();
            assertThat(data.path("memberCount").asInt()).isEqualTo(3);
            assertThat(data.path("onlineCount").asInt()).isEqualTo(3);
            assertThat(data.path("typing").isArray()).isTrue();
            assertThat(alice.received("user:joined")).isEmpty();
            assertThat(alice.received("user:left")).isEmpty();
            // Only the announcements are gone: messages still reach everyone.
            ok(alice.emit("message:send", Map.of("roomName", "general", "content", "still here")));
            assertThat(alice.received("message:new")).hasSize(1);
        }
    }

    @Test
    void manyConnectionsOfFewUsersMakeARoomLarge() {
        try (TestNode node = TestNode.start(o -> o.roomAnnounceLimit(2))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            ok(node.connect("alice").emit("room:join", room("general")));
            alice.clear();

            JsonNode data = ok(node.connect("bob").emit("room:join", room("general")));

            assertThat(alice.received("user:joined")).isEmpty();
            assertThat(data.has("members")).isFalse();
            assertThat(data.path("memberCount").asInt()).isEqualTo(2);
            assertThat(data.path("onlineCount").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRoomThatShrinksBelowTheLimitAnnouncesAgain() {
        try (TestNode node = TestNode.start(o -> o.roomAnnounceLimit(2))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            TestClient carol = node.connect("carol");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));
            ok(carol.emit("room:join", room("general")));
            ok(carol.emit("room:leave", room("general")));
            alice.clear();

            ok(bob.emit("room:leave", room("general")));

            assertThat(alice.received("user:left")).extracting(l -> l.path("userId").asText())
                    .containsExactly("bob");
        }
    }

    @Test
    void limitZeroAnnouncesInNoRoom() {
        try (TestNode node = TestNode.start(o -> o.roomAnnounceLimit(0))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            JsonNode data = ok(node.connect("bob").emit("room:join", room("general")));

            assertThat(alice.received("user:joined")).isEmpty();
            assertThat(data.has("members")).isFalse();
        }
    }

    @Test
    void banningInALargeRoomExpelsQuietly() {
        try (TestNode node = TestNode.start(o -> o.roomAnnounceLimit(2))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            TestClient troll = node.connect("troll");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));
            ok(troll.emit("room:join", room("general")));

            node.realtime.rooms().updateMember(node.membership("general", "troll").withBanned(true));

            assertThat(alice.received("user:left")).isEmpty();
            assertThat(node.realtime.rooms().onlineCount("general")).isEqualTo(2);
        }
    }

    @Test
    void otherNodesGetNoAnnouncementOfAJoinInALargeRoom() {
        ManualClock clock = new ManualClock();
        InMemoryStore store = new InMemoryStore();
        InMemoryBusHub hub = new InMemoryBusHub();
        try (TestNode a = TestNode.clusterNode("node-a", clock, store, hub, o -> o.roomAnnounceLimit(2));
             TestNode b = TestNode.clusterNode("node-b", clock, store, hub, o -> o.roomAnnounceLimit(2))) {
            a.createRoom("general");
            await().atMost(Duration.ofSeconds(10)).until(() -> b.realtime.rooms().get("general").isPresent()
                    && a.realtime.health().bus().peers().contains("node-b"));
            TestClient bob = b.connect("bob");
            ok(bob.emit("room:join", room("general")));
            TestClient alice = a.connect("alice");
            ok(alice.emit("room:join", room("general")));
            await().atMost(Duration.ofSeconds(10)).until(() -> !bob.received("user:joined").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> a.realtime.rooms().members("general").size() == 2);
            bob.clear();

            TestClient carol = a.connect("carol");
            ok(carol.emit("room:join", room("general")));
            ok(carol.emit("message:send", Map.of("roomName", "general", "content", "hello")));
            await().atMost(Duration.ofSeconds(10)).until(() -> !bob.received("message:new").isEmpty());

            // The bus keeps a node's order: had carol's join been announced, bob would have it before her message.
            assertThat(bob.received("user:joined")).isEmpty();
        }
    }
}
