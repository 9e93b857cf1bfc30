package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.bus.redis.RedisBus;
import dev.realtime.bus.redis.RedisBusOptions;
import dev.realtime.bus.redis.RedisHistory;
import dev.realtime.bus.redis.RedisRecoveryStore;
import dev.realtime.core.Message;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.node.SocketIoDriver;
import dev.realtime.testkit.wire.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Socket.IO connection state recovery across the nodes of a cluster: two nodes share a Redis bus, history and
 * recovery store (the machine's Redis, under a key prefix of this test's own); an unmodified socket.io-client 4.8
 * reaches them through a TCP proxy, as through a load balancer. Its connection to node A is cut for 5 s while 500
 * messages are sent to its room; it reconnects through the proxy, now pointing to node B, and gets all 500 exactly
 * once and in order with {@code socket.recovered === true}, still in its room. The same for a {@code /ws} client
 * that rejoins with {@code since} on the other node; and a message resent with the same {@code clientMessageId} on
 * the other node is accepted once.
 */
class TwoNodeRecoveryIT {
    private static final String REDIS_URL = System.getProperty("realtime.redis.url", "redis://127.0.0.1:6379");
    /** Reconnects by itself 5 s after the drop. */
    private static final Map<String, Object> RECONNECTING = Map.of("transports", List.of("websocket"),
            "reconnection", true, "reconnectionDelay", 5000, "reconnectionDelayMax", 5000,
            "randomizationFactor", 0);

    private static SocketIoDriver driver;
    private final String prefix = "it-recovery-" + UUID.randomUUID().toString().substring(0, 8);
    private NettyServerHarness nodeA;
    private NettyServerHarness nodeB;
    private SwitchableTcpProxy proxy;

    @BeforeAll
    static void startDriver() {
        driver = new SocketIoDriver();
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @BeforeEach
    void startCluster() {
        driver.clear();
        String secret = TestTokens.randomSecret();
        nodeA = node("node-a", secret);
        nodeB = node("node-b", secret);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                nodeA.realtime.health().bus().peers().contains("node-b")
                        && nodeB.realtime.health().bus().peers().contains("node-a"));
        proxy = new SwitchableTcpProxy(nodeA.transport.port());
    }

    private NettyServerHarness node(String id, String secret) {
        RedisBusOptions redis = RedisBusOptions.builder().url(REDIS_URL).channelPrefix(prefix).build();
        NettyServerHarness node = new NettyServerHarness(secret,
                o -> o.nodeId(id).presenceHeartbeat(Duration.ofMillis(500)), n -> { },
                b -> b.bus(new RedisBus(redis)).history(clock -> new RedisHistory(redis, clock))
                        .recoveryStore(new RedisRecoveryStore(redis)));
        node.realtime.rooms().createIfAbsent(Room.builder("general").build());
        return node;
    }

    @AfterEach
    void stopCluster() {
        proxy.close();
        nodeA.close();
        nodeB.close();
        try (Jedis jedis = new Jedis(REDIS_URL)) {
            Set<String> keys = jedis.keys(prefix + ":*");
            if (!keys.isEmpty()) {
                jedis.del(keys.toArray(new String[0]));
            }
        }
    }

    private List<JsonNode> connects(String socket) {
        return driver.messages(socket, "connect");
    }

    @Test
    void aSocketCutFromOneNodeRecoversEveryMissedMessageOnTheOther() {
        JsonNode first = driver.connect("a", proxy.url(), Map.of("token", nodeA.tokens.valid("alice")),
                RECONNECTING);
        assertThat(first.path("type").asText()).as(first.toString()).isEqualTo("connect");
        assertThat(driver.emitWithAck("a", "room:join", Map.of("roomName", "general")).path("success").asBoolean())
                .isTrue();
        nodeA.realtime.send("general", "bob", Message.of("before"));
        driver.awaitEvent("a", "message:new", m -> "before".equals(m.path("content").asText()));

        proxy.cutAndSwitchTo(nodeB.transport.port());
        await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.realtime.connectionCount() == 0);
        for (int i = 1; i <= 500; i++) {
            // From both nodes: the shared history orders them as they were sent.
            (i % 2 == 0 ? nodeA : nodeB).realtime.send("general", "bob", Message.of("m" + i));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> connects("a").size() == 2);
        assertThat(connects("a").get(1).path("recovered").asBoolean()).as(connects("a").toString()).isTrue();
        assertThat(nodeB.realtime.connectionCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.events("a", "message:new").size() == 501);
        nodeA.realtime.send("general", "bob", Message.of("after"));
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.events("a", "message:new").size() == 502);

        List<String> contents = driver.events("a", "message:new").stream().map(m -> m.path("content").asText())
                .toList();
        List<String> expected = new ArrayList<>(List.of("before"));
        IntStream.rangeClosed(1, 500).forEach(i -> expected.add("m" + i));
        expected.add("after");
        assertThat(contents).isEqualTo(expected);
        List<Long> seqs = driver.events("a", "message:new").stream().map(m -> m.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aWsClientRejoiningWithSinceOnTheOtherNodeGetsEveryMissedMessage() throws Exception {
        long lastSeen;
        String epoch;
        try (WsJsonClient onA = WsJsonClient.connect(proxy.port(), nodeA.tokens.valid("alice"))) {
            epoch = onA.ok("room:join", Map.of("roomName", "general")).path("epoch").asText();
            nodeA.realtime.send("general", "bob", Message.of("before"));
            lastSeen = onA.next("event", "message:new").path("data").path("seq").asLong();
            proxy.cutAndSwitchTo(nodeB.transport.port());
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.realtime.connectionCount() == 0);
        }
        for (int i = 1; i <= 500; i++) {
            (i % 2 == 0 ? nodeA : nodeB).realtime.send("general", "bob", Message.of("m" + i));
        }

        try (WsJsonClient onB = WsJsonClient.connect(proxy.port(), nodeB.tokens.valid("alice"))) {
            JsonNode ack = onB.ok("room:join", Map.of("roomName", "general",
                    "since", Map.of("offset", lastSeen, "epoch", epoch)));
            nodeA.realtime.send("general", "bob", Message.of("after"));
            JsonNode live = onB.next("event", "message:new").path("data");

            assertThat(nodeB.realtime.connectionCount()).isEqualTo(1);
            WsSinceRecoveryIT.assertRecovered(ack, lastSeen);
            assertThat(live.path("content").asText()).isEqualTo("after");
            assertThat(live.path("seq").asLong()).isEqualTo(lastSeen + 501);
        }
    }

    @Test
    void aMessageResentOnTheOtherNodeIsAcceptedOnce() throws Exception {
        Map<String, Object> message = Map.of("roomName", "general", "content", "hello", "clientMessageId", "c-42");
        try (WsJsonClient watcher = WsJsonClient.connect(nodeB.transport.port(), nodeB.tokens.valid("bob"));
             WsJsonClient onA = WsJsonClient.connect(nodeA.transport.port(), nodeA.tokens.valid("alice"));
             WsJsonClient onB = WsJsonClient.connect(nodeB.transport.port(), nodeB.tokens.valid("alice"))) {
            watcher.ok("room:join", Map.of("roomName", "general"));
            onA.ok("room:join", Map.of("roomName", "general"));
            onB.ok("room:join", Map.of("roomName", "general"));

            JsonNode first = onA.ok("message:send", message);
            JsonNode resent = onB.ok("message:send", message);
            nodeA.realtime.send("general", "bob", Message.of("next"));
            JsonNode delivered = watcher.next("event", "message:new").path("data");
            JsonNode afterIt = watcher.next("event", "message:new").path("data");

            assertThat(first.has("duplicate")).isFalse();
            assertThat(resent.path("duplicate").asBoolean()).isTrue();
            assertThat(resent.path("id").asText()).isEqualTo(first.path("id").asText());
            assertThat(resent.path("seq").asLong()).isEqualTo(first.path("seq").asLong());
            assertThat(delivered.path("clientMessageId").asText()).isEqualTo("c-42");
            assertThat(afterIt.path("content").asText()).as("delivered once").isEqualTo("next");
            assertThat(afterIt.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);
        }
    }

    @Test
    void anotherUsersTokenCannotRecoverTheSessionOnTheOtherNode() {
        driver.connect("a", proxy.url(), Map.of("token", nodeA.tokens.valid("alice")), RECONNECTING);
        driver.emitWithAck("a", "room:join", Map.of("roomName", "general"));
        nodeA.realtime.send("general", "bob", Message.of("seen"));
        driver.awaitEvent("a", "message:new", m -> "seen".equals(m.path("content").asText()));
        String pid = connects("a").get(0).path("pid").asText();
        assertThat(pid).as(connects("a").toString()).isNotEmpty();
        driver.disconnect("a");
        await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.realtime.connectionCount() == 0);

        JsonNode mallory = driver.connect("m", "http://127.0.0.1:" + nodeB.transport.port(),
                Map.of("token", nodeB.tokens.valid("mallory"), "pid", pid, "offset", "1:general"));

        assertThat(driver.emitWithAck("m", "message:send", Map.of("roomName", "general", "content", "hi"))
                .path("error").path("code").asText()).isEqualTo("NOT_IN_ROOM");
        // Still parked for its owner: naming the pid again on node B puts alice back into her room.
        driver.connect("a2", "http://127.0.0.1:" + nodeB.transport.port(),
                Map.of("token", nodeB.tokens.valid("alice"), "pid", pid, "offset", "1:general"));
        assertThat(driver.emitWithAck("a2", "message:send", Map.of("roomName", "general", "content", "back"))
                .path("success").asBoolean()).isTrue();
    }
}
