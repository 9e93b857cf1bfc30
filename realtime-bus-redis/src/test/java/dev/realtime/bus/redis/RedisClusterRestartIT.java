package dev.realtime.bus.redis;

import static dev.realtime.bus.redis.ClusterNode.join;
import static dev.realtime.bus.redis.ClusterNode.presenceOf;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node that crashes and comes straight back under the same node id (as with a fixed REALTIME_NODE_ID). */
class RedisClusterRestartIT {
    private static final String ROOM = "lobby";

    private final String prefix = TestRedis.uniquePrefix();
    private final InMemoryStore store = new InMemoryStore();
    private final List<ClusterNode> nodes = new ArrayList<>();

    @BeforeAll
    static void redisIsRequired() {
        TestRedis.requireReachable();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ClusterNode::close);
    }

    private ClusterNode node(String id) {
        ClusterNode node = new ClusterNode(id, TestRedis.url(), prefix, store);
        nodes.add(node);
        return node;
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }

    @Test
    void usersOfACrashedNodeDoNotStayOnlineWhenItRestartsUnderTheSameId() {
        ClusterNode nodeA = node("node-a");
        nodeA.realtime.rooms().create(Room.builder(ROOM).build());
        ClusterNode nodeB = node("node-b");
        eventually().until(() -> nodeA.peers().equals(List.of("node-b")) && nodeB.peers().equals(List.of("node-a")));
        TestClient alice = nodeA.connect("alice");
        TestClient bob = nodeB.connect("bob");
        join(alice, ROOM);
        join(bob, ROOM);
        eventually().until(() -> presenceOf(bob, "alice").equals("online"));

        // node-a crashes (no goodbye) and is back within one heartbeat, under the same id, without alice.
        nodeA.kill();
        ClusterNode restarted = node("node-a");
        eventually().until(() -> restarted.peers().equals(List.of("node-b")));

        // Nobody is connected to the new node-a: alice must turn offline for bob.
        eventually().until(() -> presenceOf(bob, "alice").equals("offline"));
    }
}
