package dev.realtime.bus.redis;

import static dev.realtime.bus.redis.ClusterNode.announcedStatuses;
import static dev.realtime.bus.redis.ClusterNode.join;
import static dev.realtime.bus.redis.ClusterNode.messages;
import static dev.realtime.bus.redis.ClusterNode.ok;
import static dev.realtime.bus.redis.ClusterNode.presenceOf;
import static dev.realtime.bus.redis.ClusterNode.send;
import static dev.realtime.bus.redis.ClusterNode.typists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several engine nodes in one JVM, each with its own Redis bus on the machine's Redis, sharing one store:
 * what a user does on one node is seen by users on the others.
 */
class RedisClusterIT {
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
        assertThat(TestRedis.channels(TestRedis.url(), prefix + "*")).as("channels left subscribed").isEmpty();
    }

    /** Starts {@code count} nodes that share the room {@value #ROOM}, and waits until they all know each other. */
    private List<ClusterNode> cluster(int count) {
        return cluster(count, ClusterNode.HEARTBEAT);
    }

    private List<ClusterNode> cluster(int count, Duration heartbeat) {
        List<ClusterNode> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClusterNode node = new ClusterNode("node-" + (char) ('a' + i), TestRedis.url(), prefix, store, heartbeat);
            nodes.add(node);
            started.add(node);
            if (i == 0) {
                node.realtime.rooms().create(Room.builder(ROOM).build());
            }
        }
        eventually().until(() -> started.stream().allMatch(n -> n.peers().size() == count - 1));
        return started;
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }

    @Test
    void aMessageReachesUsersOnTheOtherNode() {
        List<ClusterNode> cluster = cluster(2);
        TestClient alice = cluster.get(0).connect("alice");
        TestClient bob = cluster.get(1).connect("bob");
        join(alice, ROOM);
        join(bob, ROOM);

        send(alice, ROOM, "hi bob");

        eventually().until(() -> messages(bob).contains("hi bob"));
        assertThat(messages(alice)).containsExactly("hi bob");
        assertThat(bob.last("message:new").orElseThrow().path("userId").asText()).isEqualTo("alice");
    }

    @Test
    void withThreeNodesEveryMessageReachesEveryoneExactlyOnce() {
        List<ClusterNode> cluster = cluster(3);
        List<TestClient> users = List.of(
                cluster.get(0).connect("ann"), cluster.get(1).connect("ben"), cluster.get(2).connect("cat"));
        users.forEach(user -> join(user, ROOM));

        for (int i = 0; i < users.size(); i++) {
            send(users.get(i), ROOM, "from " + i);
        }

        for (TestClient user : users) {
            eventually().until(() -> messages(user).size() >= 3);
            assertThat(messages(user)).containsExactlyInAnyOrder("from 0", "from 1", "from 2");
        }
    }

    @Test
    void typingCrossesNodesAndIsNotEchoedToTheTypist() {
        List<ClusterNode> cluster = cluster(2);
        TestClient alice = cluster.get(0).connect("alice");
        TestClient bob = cluster.get(1).connect("bob");
        join(alice, ROOM);
        join(bob, ROOM);

        alice.send("typing:start", Map.of("roomName", ROOM));
        eventually().until(() -> List.of("alice").equals(typists(bob, ROOM)));

        alice.send("typing:stop", Map.of("roomName", ROOM));
        eventually().until(() -> List.of().equals(typists(bob, ROOM)));
        assertThat(alice.received("typing:event")).isEmpty();
    }

    @Test
    void presenceChangesAndPresenceGetCrossNodes() {
        List<ClusterNode> cluster = cluster(2);
        TestClient bob = cluster.get(1).connect("bob");
        join(bob, ROOM);
        TestClient alice = cluster.get(0).connect("alice");
        join(alice, ROOM);
        eventually().until(() -> presenceOf(bob, "alice").equals("online"));

        ok(alice.emit("presence:update", Map.of("status", "busy")));

        eventually().until(() -> announcedStatuses(bob, "alice").contains("busy"));
        assertThat(presenceOf(bob, "alice")).isEqualTo("busy");

        alice.disconnect();

        eventually().until(() -> announcedStatuses(bob, "alice").contains("offline"));
        assertThat(presenceOf(bob, "alice")).isEqualTo("offline");
    }

    @Test
    void aUserConnectedToTwoNodesStaysOnlineUntilTheLastConnectionCloses() {
        List<ClusterNode> cluster = cluster(2);
        TestClient observer = cluster.get(1).connect("observer");
        TestClient phone = cluster.get(0).connect("dana");
        TestClient laptop = cluster.get(1).connect("dana");
        eventually().until(() -> presenceOf(observer, "dana").equals("online"));

        phone.disconnect();
        // The other node still holds a connection of dana's: she must stay online everywhere.
        TestClient askerOnA = cluster.get(0).connect("asker");
        eventually().until(() -> presenceOf(askerOnA, "dana").equals("online"));
        assertThat(presenceOf(observer, "dana")).isEqualTo("online");

        laptop.disconnect();
        eventually().until(() -> presenceOf(askerOnA, "dana").equals("offline"));
    }

    @Test
    void aKilledNodeLeavesNoGhostPresenceOrTyping() {
        List<ClusterNode> cluster = cluster(3);
        ClusterNode doomed = cluster.get(0);
        TestClient alice = doomed.connect("alice");
        TestClient bob = cluster.get(1).connect("bob");
        TestClient cat = cluster.get(2).connect("cat");
        List.of(alice, bob, cat).forEach(user -> join(user, ROOM));
        alice.send("typing:start", Map.of("roomName", ROOM));
        eventually().until(() -> presenceOf(bob, "alice").equals("online") && presenceOf(cat, "alice").equals("online"));
        eventually().until(() -> List.of("alice").equals(typists(bob, ROOM)));

        doomed.kill();

        // About three heartbeats later the survivors declare the node dead and forget what it held.
        eventually().until(() -> presenceOf(bob, "alice").equals("offline") && presenceOf(cat, "alice").equals("offline"));
        eventually().until(() -> announcedStatuses(bob, "alice").contains("offline"));
        eventually().until(() -> List.of().equals(typists(bob, ROOM)));
        eventually().until(() -> cluster.get(1).peers().equals(List.of("node-c"))
                && cluster.get(2).peers().equals(List.of("node-b")));

        send(bob, ROOM, "still here");
        eventually().until(() -> messages(cat).contains("still here"));
    }

    @Test
    void aNodeThatShutsDownSaysGoodbyeSoItsUsersGoOfflineAtOnce() {
        // Heartbeats so slow that only the goodbye can explain alice going offline within the wait.
        List<ClusterNode> cluster = cluster(2, Duration.ofMinutes(5));
        TestClient alice = cluster.get(0).connect("alice");
        TestClient bob = cluster.get(1).connect("bob");
        join(alice, ROOM);
        join(bob, ROOM);
        eventually().until(() -> presenceOf(bob, "alice").equals("online"));

        cluster.get(0).close();

        eventually().until(() -> presenceOf(bob, "alice").equals("offline"));
        eventually().until(() -> cluster.get(1).peers().isEmpty());
    }

    @Test
    void aRoomCreatedOnOneNodeCanBeJoinedAndUsedOnTheOther() {
        List<ClusterNode> cluster = cluster(2);
        cluster.get(1).realtime.rooms().create(Room.builder("late-room").build());
        TestClient alice = cluster.get(0).connect("alice");
        TestClient bob = cluster.get(1).connect("bob");

        eventually().ignoreExceptions().until(() -> join(alice, "late-room") != null);
        join(bob, "late-room");
        send(bob, "late-room", "welcome");

        eventually().until(() -> messages(alice).contains("welcome"));
    }

    @Test
    void disconnectingAUserClosesTheirConnectionsOnEveryNode() {
        List<ClusterNode> cluster = cluster(2);
        TestClient onA = cluster.get(0).connect("mallory");
        TestClient onB = cluster.get(1).connect("mallory");
        TestClient bystander = cluster.get(1).connect("bob");

        int closedHere = cluster.get(0).realtime.disconnectUser("mallory");

        assertThat(closedHere).isEqualTo(1);
        assertThat(onA.closedBy()).isNotNull();
        eventually().until(() -> onB.closedBy() != null);
        assertThat(bystander.closedBy()).isNull();
    }

    @Test
    void presenceChangesReachOnlyRoomMatesOnOtherNodes() {
        List<ClusterNode> cluster = cluster(2);
        TestClient mate = cluster.get(1).connect("mate");
        TestClient stranger = cluster.get(1).connect("stranger");
        join(mate, ROOM);
        TestClient alice = cluster.get(0).connect("alice");
        join(alice, ROOM);

        ok(alice.emit("presence:update", Map.of("status", "away")));

        eventually().until(() -> announcedStatuses(mate, "alice").contains("away"));
        assertThat(announcedStatuses(stranger, "alice")).isEmpty();
        // presence:get answers anybody, whatever room they are in.
        assertThat(presenceOf(stranger, "alice")).isEqualTo("away");
    }

    @Test
    void joiningOnOneNodeIsAnnouncedAndCountedOnTheOther() {
        List<ClusterNode> cluster = cluster(2);
        TestClient bob = cluster.get(1).connect("bob");
        join(bob, ROOM);
        TestClient alice = cluster.get(0).connect("alice");

        join(alice, ROOM);

        eventually().until(() -> bob.received("user:joined").stream()
                .anyMatch(e -> e.path("userId").asText().equals("alice")));
        // The membership travels before the announcement, so node B counts alice by now.
        TestClient carol = cluster.get(1).connect("carol");
        assertThat(join(carol, ROOM).path("memberCount").asInt()).isEqualTo(3);
    }

    @Test
    void leavingOnOneNodeIsAnnouncedOnTheOther() {
        List<ClusterNode> cluster = cluster(2);
        TestClient alice = cluster.get(0).connect("alice");
        TestClient bob = cluster.get(1).connect("bob");
        join(alice, ROOM);
        join(bob, ROOM);

        ok(alice.emit("room:leave", Map.of("roomName", ROOM)));

        eventually().until(() -> bob.received("user:left").stream()
                .anyMatch(e -> e.path("userId").asText().equals("alice")));
        send(bob, ROOM, "anyone?");
        TestClient witness = cluster.get(0).connect("witness");
        join(witness, ROOM);
        send(bob, ROOM, "hello witness");
        eventually().until(() -> messages(witness).contains("hello witness"));
        assertThat(messages(alice)).doesNotContain("anyone?", "hello witness");
    }

    @Test
    void aRoomDeletedOnOneNodeIsGoneOnEveryNode() {
        List<ClusterNode> cluster = cluster(2);
        TestClient bob = cluster.get(1).connect("bob");
        join(bob, ROOM);

        assertThat(cluster.get(0).realtime.rooms().delete(ROOM)).isTrue();

        eventually().until(() -> cluster.get(1).realtime.rooms().get(ROOM).isEmpty());
        JsonNode refused = bob.emit("message:send", Map.of("roomName", ROOM, "content", "hello?"));
        assertThat(refused.path("success").asBoolean()).isFalse();
        assertThat(refused.path("error").path("code").asText()).isIn("ROOM_NOT_FOUND", "NOT_IN_ROOM");
    }

    @Test
    void typingThatTimesOutIsClearedOnTheOtherNodeToo() {
        ClusterNode nodeA = new ClusterNode("node-a", TestRedis.url(), prefix, store, ClusterNode.HEARTBEAT,
                Duration.ofSeconds(1));
        nodes.add(nodeA);
        nodeA.realtime.rooms().create(Room.builder(ROOM).build());
        ClusterNode nodeB = new ClusterNode("node-b", TestRedis.url(), prefix, store, ClusterNode.HEARTBEAT,
                Duration.ofSeconds(1));
        nodes.add(nodeB);
        eventually().until(() -> nodeA.peers().size() == 1 && nodeB.peers().size() == 1);
        TestClient alice = nodeA.connect("alice");
        TestClient bob = nodeB.connect("bob");
        join(alice, ROOM);
        join(bob, ROOM);

        alice.send("typing:start", Map.of("roomName", ROOM));
        eventually().until(() -> List.of("alice").equals(typists(bob, ROOM)));

        // No typing:stop: the timeout ends it, and the end is announced on every node.
        eventually().until(() -> List.of().equals(typists(bob, ROOM)));
    }
}
