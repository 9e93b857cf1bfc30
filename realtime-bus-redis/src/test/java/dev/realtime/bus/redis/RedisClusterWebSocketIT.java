package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes as a load balancer without sticky sessions would see them: each with its own WebSocket port and its
 * own Redis bus, the two users of one room connected to different nodes.
 */
class RedisClusterWebSocketIT {
    private static final String ROOM = "lobby";

    private final String prefix = TestRedis.uniquePrefix();
    private final InMemoryStore store = new InMemoryStore();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void redisIsRequired() {
        TestRedis.requireReachable();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private WebSocketTransport node(String nodeId) {
        WebSocketTransport transport = WebSocketTransport.create(
                WsTransportOptions.builder().host("127.0.0.1").port(0).build());
        Realtime realtime = Realtime.builder()
                .options(RealtimeOptions.builder().nodeId(nodeId).presenceHeartbeat(Duration.ofSeconds(1)).build())
                .store(store)
                .bus(new RedisBus(RedisBusOptions.builder().url(TestRedis.url()).channelPrefix(prefix).build()))
                .authenticator(FakeAuthenticator.INSTANCE)
                .transport(transport)
                .room(Room.builder(ROOM).build())
                .build();
        realtime.start();
        resources.add(0, realtime);
        await().atMost(Duration.ofSeconds(30)).until(() -> realtime.health().bus().connected());
        return transport;
    }

    @Test
    void usersOnDifferentNodesChatThroughRealWebSockets() throws Exception {
        WebSocketTransport first = node("ws-node-1");
        WebSocketTransport second = node("ws-node-2");
        WsJsonClient alice = WsJsonClient.connect(first.port(), "user:alice");
        WsJsonClient bob = WsJsonClient.connect(second.port(), "user:bob");
        resources.add(0, alice::closeBlocking);
        resources.add(0, bob::closeBlocking);
        assertThat(alice.request("room:join", Map.of("roomName", ROOM)).path("success").asBoolean()).isTrue();
        assertThat(bob.request("room:join", Map.of("roomName", ROOM)).path("success").asBoolean()).isTrue();

        // The nodes find each other through their heartbeats; until then a message stays on its node.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode ack = alice.request("message:send", Map.of("roomName", ROOM, "content", "hello bob"));
            assertThat(ack.path("success").asBoolean()).as("ack %s", ack).isTrue();
            return !bob.events("message:new").isEmpty();
        });

        JsonNode message = bob.events("message:new").get(0);
        assertThat(message.path("userId").asText()).isEqualTo("alice");
        assertThat(message.path("content").asText()).isEqualTo("hello bob");
    }
}
