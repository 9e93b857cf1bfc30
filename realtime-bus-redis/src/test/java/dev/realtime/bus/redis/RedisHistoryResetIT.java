package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.transport.ws.WebSocketTransport;
import dev.realtime.transport.ws.WsTransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a Redis of the test's own (bus and history), restarted without persistence while messages stream
 * into a room: the room's history is gone, so its epoch changes; the members on both nodes get one
 * {@code history:reset} with the new epoch before its first message, and a {@code /ws} client that rejoins with
 * a position of the old epoch is told {@code recovered: false, reason: EPOCH_CHANGED}.
 */
class RedisHistoryResetIT {
    private static final String ROOM = "general";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Realtime> nodes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private WebSocketTransport node(String nodeId, String redisUrl) {
        RedisBusOptions redis = RedisBusOptions.builder().url(redisUrl).channelPrefix("reset-it")
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofMillis(500))
                .healthCheckInterval(Duration.ofMillis(500)).build();
        WebSocketTransport transport = WebSocketTransport.create(
                WsTransportOptions.builder().host("127.0.0.1").port(0).build());
        Realtime realtime = Realtime.builder()
                .options(RealtimeOptions.builder().nodeId(nodeId).presenceHeartbeat(Duration.ofMillis(500)).build())
                .store(new InMemoryStore())
                .bus(new RedisBus(redis))
                .history(clock -> new RedisHistory(redis, clock))
                .authenticator(FakeAuthenticator.INSTANCE)
                .transport(transport)
                .room(Room.builder(ROOM).build())
                .build();
        realtime.start();
        resources.add(0, realtime);
        nodes.add(realtime);
        return transport;
    }

    private WsJsonClient client(WebSocketTransport node, String user) throws InterruptedException {
        WsJsonClient client = WsJsonClient.connect(node.port(), "user:" + user);
        resources.add(0, client::closeBlocking);
        return client;
    }

    private boolean clusterUp() {
        return nodes.stream().allMatch(n -> n.health().bus().connected() && n.health().bus().peers().size() == 1);
    }

    @Test
    void aRedisRestartedMidStreamStartsANewEpochAndMembersAreTold() throws Exception {
        PrivateRedisServer redis = PrivateRedisServer.started();
        resources.add(redis);
        WebSocketTransport first = node("reset-node-1", redis.url());
        WebSocketTransport second = node("reset-node-2", redis.url());
        await().atMost(Duration.ofSeconds(15)).until(this::clusterUp);
        WsJsonClient alice = client(first, "alice");
        WsJsonClient bob = client(second, "bob");
        String oldEpoch = alice.request("room:join", Map.of("roomName", ROOM)).path("data").path("epoch").asText();
        assertThat(bob.request("room:join", Map.of("roomName", ROOM)).path("success").asBoolean()).isTrue();

        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger accepted = new AtomicInteger();
        Thread stream = new Thread(() -> {
            for (int i = 1; streaming.get(); i++) {
                try {
                    nodes.get(i % 2).send(ROOM, "server", Message.of("m" + i));
                    accepted.incrementAndGet();
                } catch (RealtimeException e) {
                    // Redis is down: this one is refused (UNAVAILABLE), the stream goes on
                }
            }
        }, "message-stream");
        stream.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() >= 50);
            long lastOldOffset = lastSeq(alice);
            redis.kill();
            redis.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> !alice.events("history:reset").isEmpty()
                    && !bob.events("history:reset").isEmpty());
            int acceptedAtReset = accepted.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> accepted.get() >= acceptedAtReset + 50);
            await().atMost(Duration.ofSeconds(20)).until(this::clusterUp);
            int acceptedAfterLinkUp = accepted.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> accepted.get() >= acceptedAfterLinkUp + 50);
            streaming.set(false);
            stream.join(10_000);

            for (WsJsonClient member : List.of(alice, bob)) {
                List<JsonNode> resets = member.events("history:reset");
                assertThat(resets).as("one reset per member").hasSize(1);
                assertThat(resets.get(0).path("roomName").asText()).isEqualTo(ROOM);
                assertThat(resets.get(0).path("epoch").asText()).isNotBlank().isNotEqualTo(oldEpoch);
            }
            String newEpoch = alice.events("history:reset").get(0).path("epoch").asText();
            assertThat(bob.events("history:reset").get(0).path("epoch").asText()).isEqualTo(newEpoch);
            assertThat(afterReset(alice)).as("the new epoch's messages follow the reset, numbered from 1")
                    .isNotEmpty().startsWith(alice.events("history:reset").get(0).path("offset").asLong() + 1);

            WsJsonClient carol = client(second, "carol");
            JsonNode rejoin = carol.request("room:join", Map.of("roomName", ROOM,
                    "since", Map.of("offset", lastOldOffset, "epoch", oldEpoch))).path("data");
            assertThat(rejoin.path("recovered").asBoolean()).as(rejoin.toString()).isFalse();
            assertThat(rejoin.path("reason").asText()).isEqualTo("EPOCH_CHANGED");
            assertThat(rejoin.path("epoch").asText()).isEqualTo(newEpoch);
        } finally {
            streaming.set(false);
            stream.join(10_000);
        }
    }

    private static long lastSeq(WsJsonClient member) {
        List<JsonNode> messages = member.events("message:new");
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).path("seq").asLong();
    }

    /** The seqs of the messages a member received after its reset. */
    private static List<Long> afterReset(WsJsonClient member) {
        List<Long> seqs = new ArrayList<>();
        boolean reset = false;
        for (JsonNode frame : member.frames()) {
            String event = frame.path("event").asText();
            if (event.equals("history:reset")) {
                reset = true;
            } else if (reset && event.equals("message:new")) {
                seqs.add(frame.path("data").path("seq").asLong());
            }
        }
        return seqs;
    }
}
