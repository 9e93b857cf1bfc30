package dev.realtime.bus.redis;

import static dev.realtime.bus.redis.ClusterNode.join;
import static dev.realtime.bus.redis.ClusterNode.messages;
import static dev.realtime.bus.redis.ClusterNode.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bans issued on one node for a user connected to another. */
class RedisClusterBanIT {
    private static final String ROOM = "lobby";

    private final String prefix = TestRedis.uniquePrefix();
    private final InMemoryStore store = new InMemoryStore();
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeAll
    static void redisIsRequired() {
        TestRedis.requireReachable();
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    private void startCluster() {
        nodeA = new ClusterNode("node-a", TestRedis.url(), prefix, store);
        nodeA.realtime.rooms().create(Room.builder(ROOM).build());
        nodeB = new ClusterNode("node-b", TestRedis.url(), prefix, store);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.peers().size() == 1 && nodeB.peers().size() == 1);
    }

    @Test
    void aUserBannedOnTheSameNodeLeavesTheRoomAtOnce() {
        startCluster();
        assertBannedUserLeaves(nodeA);
    }

    @Test
    void aUserBannedOnAnotherNodeLeavesTheRoomAtOnce() {
        startCluster();
        assertBannedUserLeaves(nodeB);
    }

    private void assertBannedUserLeaves(ClusterNode malloryNode) {
        TestClient alice = nodeA.connect("alice");
        TestClient mallory = malloryNode.connect("mallory");
        TestClient witness = nodeB.connect("witness");
        List.of(alice, mallory, witness).forEach(user -> join(user, ROOM));

        // Rooms.updateMember: "a banned user's connections leave the room at once".
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.realtime.rooms().members(ROOM).stream()
                .anyMatch(m -> m.userId().equals("mallory")));
        Membership current = nodeA.realtime.rooms().members(ROOM).stream()
                .filter(m -> m.userId().equals("mallory")).findFirst().orElseThrow();
        nodeA.realtime.rooms().updateMember(current.withBanned(true));
        send(alice, ROOM, "after the ban");

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(witness).contains("after the ban"));
        assertThat(messages(mallory)).doesNotContain("after the ban");
    }
}
