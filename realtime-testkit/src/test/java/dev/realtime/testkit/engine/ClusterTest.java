package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.memory.InMemoryBusHub;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.spi.bus.Bus;
import dev.realtime.testkit.ManualClock;
import dev.realtime.testkit.TestClient;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two engines joined by the in-memory bus behave as one server. */
class ClusterTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryBusHub hub = new InMemoryBusHub();
    private TestNode a;
    private TestNode b;

    @BeforeEach
    void setUp() {
        a = TestNode.clusterNode("node-a", clock, store, hub, o -> o.presenceHeartbeat(HEARTBEAT));
        b = TestNode.clusterNode("node-b", clock, store, hub, o -> o.presenceHeartbeat(HEARTBEAT));
        a.createRoom("general");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.realtime.rooms().get("general").isPresent()
                && a.realtime.health().bus().peers().contains("node-b"));
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    @Test
    void messagesJoinsAndTypingCrossNodes() {
        TestClient alice = a.connect("alice");
        TestClient bob = b.connect("bob");
        ok(alice.emit("room:join", room("general")));
        ok(bob.emit("room:join", room("general")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice.received("user:joined").isEmpty());

        ok(alice.emit("message:send", Map.of("roomName", "general", "content", "across")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !bob.received("message:new").isEmpty());
        assertThat(bob.received("message:new").get(0).path("content").asText()).isEqualTo("across");
        assertThat(alice.received("message:new")).hasSize(1);

        ok(bob.emit("typing:start", room("general")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice.received("typing:event").isEmpty());
        assertThat(alice.last("typing:event").orElseThrow().path("users").findValuesAsText("userId"))
                .containsExactly("bob");
        assertThat(bob.received("typing:event")).isEmpty();
    }

    @Test
    void aNewerNodesUnknownKindsAndVersionsAreSkippedAndCountedWhileTheClusterKeepsWorking() {
        Bus newer = hub.newNode();
        newer.start(message -> { }); // a node of a later release: only speaks here
        newer.publish(bytes("{\"t\":\"lease\",\"n\":\"node-next\",\"wv\":1,\"room\":\"general\"}"));
        newer.publish(bytes("{\"t\":\"pres\",\"n\":\"node-next\",\"wv\":2,\"who\":{\"id\":\"carol\"}}"));
        newer.publish(bytes("{\"t\":\"room\",\"n\":\"node-next\",\"wv\":2,\"r\":\"general\",\"e\":\"x\",\"p\":{}}"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(skipped(b, "unknown_kind")).isEqualTo(1);
            assertThat(skipped(b, "newer_version")).isEqualTo(2);
        });
        TestClient alice = a.connect("alice");
        TestClient bob = b.connect("bob");
        ok(alice.emit("room:join", room("general")));
        ok(bob.emit("room:join", room("general")));
        ok(alice.emit("message:send", Map.of("roomName", "general", "content", "still fine")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !bob.received("message:new").isEmpty());
        assertThat(bob.received("message:new")).hasSize(1);
        newer.close();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static double skipped(TestNode node, String reason) {
        Counter counter = node.realtime.meterRegistry().find("realtime.cluster.skipped").tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void presenceIsClusterWide() {
        a.realtime.rooms().addMember("general", "bob", dev.realtime.core.model.MemberRole.MEMBER);
        await().atMost(Duration.ofSeconds(10)).until(() -> !b.realtime.rooms().members("general").isEmpty());
        TestClient alice = a.connect("alice");
        ok(alice.emit("room:join", room("general")));
        TestClient bobOnB = b.connect("bob");
        ok(bobOnB.emit("room:join", room("general")));
        TestClient bobOnA = a.connect("bob");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.realtime.presence(List.of("bob")).get(0).connectionCount()).isEqualTo(2));
        assertThat(b.realtime.presence(List.of("alice")).get(0).status()).isEqualTo(PresenceStatus.ONLINE);

        bobOnB.disconnect();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.realtime.presence(List.of("bob")).get(0).connectionCount()).isEqualTo(1));
        assertThat(a.realtime.presence(List.of("bob")).get(0).status()).isEqualTo(PresenceStatus.ONLINE);

        bobOnA.disconnect();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(b.realtime.presence(List.of("bob")).get(0).status()).isEqualTo(PresenceStatus.OFFLINE));
        assertThat(alice.received("presence:changed").stream().map(p -> p.path("status").asText()).toList())
                .containsExactly("online", "offline");
    }

    @Test
    void aDeadNodesUsersGoOfflineAfterThreeMissedHeartbeats() {
        TestClient alice = a.connect("alice");
        ok(alice.emit("room:join", room("general")));
        TestClient bob = b.connect("bob");
        ok(bob.emit("room:join", room("general")));
        ok(bob.emit("typing:start", room("general")));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                a.realtime.presence(List.of("bob")).get(0).status() == PresenceStatus.ONLINE
                        && !alice.received("typing:event").isEmpty());

        b.bus.close(); // node B vanishes from the bus without a goodbye, as on SIGKILL

        clock.advance(HEARTBEAT.multipliedBy(2));
        assertThat(a.realtime.presence(List.of("bob")).get(0).status()).isEqualTo(PresenceStatus.ONLINE);
        clock.advance(HEARTBEAT.multipliedBy(2));
        assertThat(a.realtime.presence(List.of("bob")).get(0).status()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(alice.last("presence:changed").orElseThrow().path("status").asText()).isEqualTo("offline");
        assertThat(a.realtime.health().bus().peers()).doesNotContain("node-b");
    }

    @Test
    void aStoppingNodesUsersGoOfflineOnTheOtherNodeOnce() {
        TestClient bob = b.connect("bob");
        ok(bob.emit("room:join", room("general")));
        TestClient aliceFirst = a.connect("alice");
        TestClient aliceSecond = a.connect("alice");
        ok(aliceFirst.emit("room:join", room("general")));
        ok(aliceSecond.emit("room:join", room("general")));
        TestClient carolOnA = a.connect("carol");
        TestClient carolOnB = b.connect("carol");
        ok(carolOnA.emit("room:join", room("general")));
        ok(carolOnB.emit("room:join", room("general")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(b.realtime.presence(List.of("alice")).get(0).connectionCount()).isEqualTo(2);
            assertThat(b.realtime.presence(List.of("carol")).get(0).connectionCount()).isEqualTo(2);
        });

        a.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(b.realtime.presence(List.of("alice")).get(0).status()).isEqualTo(PresenceStatus.OFFLINE);
            assertThat(bob.received("user:left").stream().map(e -> e.path("userId").asText()))
                    .contains("alice");
        });
        assertThat(b.realtime.presence(List.of("alice")).get(0).connectionCount()).isZero();
        assertThat(b.realtime.presence(List.of("carol")).get(0).status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(b.realtime.presence(List.of("carol")).get(0).connectionCount()).isEqualTo(1);
        assertThat(statusesOf(bob, "alice")).containsOnlyOnce("offline").endsWith("offline");
        assertThat(statusesOf(bob, "carol")).doesNotContain("offline");
        assertThat(bob.received("user:left").stream().filter(e -> e.path("userId").asText().equals("alice")))
                .hasSize(1);
        assertThat(store.openConnections(100)).extracting(c -> c.userId()).containsOnly("bob", "carol");
    }

    private static List<String> statusesOf(TestClient observer, String userId) {
        return observer.received("presence:changed").stream().filter(p -> p.path("userId").asText().equals(userId))
                .map(p -> p.path("status").asText()).toList();
    }
}
