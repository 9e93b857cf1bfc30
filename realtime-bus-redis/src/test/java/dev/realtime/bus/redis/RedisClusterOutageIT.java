package dev.realtime.bus.redis;

import static dev.realtime.bus.redis.ClusterNode.join;
import static dev.realtime.bus.redis.ClusterNode.messages;
import static dev.realtime.bus.redis.ClusterNode.presenceOf;
import static dev.realtime.bus.redis.ClusterNode.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine nodes whose Redis (a private {@code redis-server}) dies and comes back while users chat: local
 * delivery never stops, cross-node delivery resumes, and presence converges to the truth.
 */
class RedisClusterOutageIT {
    private static final String ROOM = "lobby";

    private final InMemoryStore store = new InMemoryStore();
    private PrivateRedisServer redis;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startCluster() {
        redis = PrivateRedisServer.started();
        nodeA = new ClusterNode("node-a", redis.url(), "outage-it", store);
        nodeA.realtime.rooms().create(Room.builder(ROOM).build());
        nodeB = new ClusterNode("node-b", redis.url(), "outage-it", store);
        eventually().until(() -> nodeA.peers().equals(List.of("node-b")) && nodeB.peers().equals(List.of("node-a")));
    }

    @AfterEach
    void stopCluster() {
        nodeA.close();
        nodeB.close();
        assertThat(TestRedis.channels(redis.url(), "outage-it*")).isEmpty();
        redis.close();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }

    @Test
    void usersKeepChattingLocallyThroughARedisRestartAndTheClusterHealsAfterwards() {
        TestClient alice = nodeA.connect("alice");
        TestClient carol = nodeA.connect("carol");
        TestClient bob = nodeB.connect("bob");
        TestClient erin = nodeB.connect("erin");
        List.of(alice, carol, bob, erin).forEach(user -> join(user, ROOM));
        eventually().until(() -> presenceOf(erin, "alice").equals("online") && presenceOf(carol, "bob").equals("online"));

        redis.kill();
        eventually().until(() -> !nodeA.bus.isConnected() && !nodeB.bus.isConnected());

        // Local delivery never stops: every send is accepted and reaches the room mates on the same node.
        for (int i = 1; i <= 5; i++) {
            send(alice, ROOM, "during outage " + i);
        }
        assertThat(messages(carol)).contains("during outage 1", "during outage 5");
        // Presence changes while the nodes cannot talk.
        bob.disconnect();
        TestClient dave = nodeB.connect("dave");
        join(dave, ROOM);
        // Long enough for each node to declare the other dead.
        eventually().until(() -> nodeA.peers().isEmpty() && nodeB.peers().isEmpty());

        redis.start();

        // Cross-node delivery resumes (each attempt is a fresh message; the first ones may still be dropped).
        AtomicInteger probe = new AtomicInteger();
        eventually().pollInterval(Duration.ofMillis(100)).until(() -> {
            send(alice, ROOM, "after outage " + probe.incrementAndGet());
            return messages(dave).stream().anyMatch(text -> text.startsWith("after outage"));
        });
        // Presence converges on both sides.
        eventually().until(() -> presenceOf(carol, "bob").equals("offline") && presenceOf(carol, "dave").equals("online"));
        eventually().until(() -> presenceOf(dave, "alice").equals("online") && presenceOf(dave, "carol").equals("online"));
        // What was sent while Redis was down stayed on its node: Redis pub/sub keeps nothing for later.
        assertThat(messages(erin)).noneMatch(text -> text.startsWith("during outage"));
        eventually().until(() -> nodeA.peers().equals(List.of("node-b")));
    }

    @Test
    void changesMadeDuringABriefOutageReachTheOtherNodeAfterwards() {
        TestClient alice = nodeA.connect("alice");
        TestClient bob = nodeB.connect("bob");
        TestClient erin = nodeB.connect("erin");
        List.of(alice, bob, erin).forEach(user -> join(user, ROOM));
        eventually().until(() -> presenceOf(erin, "alice").equals("online") && presenceOf(alice, "bob").equals("online"));

        redis.kill();
        eventually().until(() -> !nodeA.bus.isConnected() && !nodeB.bus.isConnected());
        ClusterNode.ok(alice.emit("presence:update", java.util.Map.of("status", "busy")));
        bob.disconnect();
        redis.start();

        eventually().until(() -> presenceOf(erin, "alice").equals("busy"));
        eventually().until(() -> presenceOf(alice, "bob").equals("offline"));
        eventually().until(() -> ClusterNode.announcedStatuses(erin, "alice").contains("busy"));
    }
}
