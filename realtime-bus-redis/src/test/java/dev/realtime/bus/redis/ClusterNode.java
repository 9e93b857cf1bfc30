package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One engine node of a test cluster: a real {@link Realtime} with its own {@link RedisBus} and an in-process
 * transport, sharing a store with its peers. Tokens are {@code user:<id>}.
 */
final class ClusterNode implements AutoCloseable {
    /** Heartbeat of the test cluster: short, so a dead node is noticed within a few seconds. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);


    final String id;
    final RedisBus bus;
    final Realtime realtime;
    private final InProcessTransport transport = new InProcessTransport();

    ClusterNode(String id, String redisUrl, String channelPrefix, InMemoryStore sharedStore) {
        this(id, redisUrl, channelPrefix, sharedStore, HEARTBEAT);
    }

    ClusterNode(String id, String redisUrl, String channelPrefix, InMemoryStore sharedStore, Duration heartbeat) {
        this(id, redisUrl, channelPrefix, sharedStore, heartbeat, Duration.ofMinutes(5));
    }

    ClusterNode(String id, String redisUrl, String channelPrefix, InMemoryStore sharedStore, Duration heartbeat,
            Duration typingTimeout) {
        this.id = id;
        this.bus = new RedisBus(RedisBusOptions.builder()
                .url(redisUrl)
                .channelPrefix(channelPrefix)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .connectTimeout(Duration.ofMillis(500))
                .commandTimeout(Duration.ofMillis(500))
                .healthCheckInterval(Duration.ofMillis(500))
                .build());
        this.realtime = Realtime.builder()
                .options(RealtimeOptions.builder()
                        .nodeId(id)
                        .presenceHeartbeat(heartbeat)
                        .typingTimeout(typingTimeout)
                        .build())
                .store(sharedStore)
                .bus(bus)
                .authenticator(FakeAuthenticator.INSTANCE)
                .transport(transport)
                .build();
        realtime.start();
    }

    TestClient connect(String userId) {
        return transport.connect("user:" + userId);
    }

    /** Other nodes this one currently considers alive. */
    List<String> peers() {
        return realtime.health().bus().peers();
    }

    /** Cuts this node off the cluster as a crash would: the bus goes away without a goodbye. */
    void kill() {
        bus.close();
    }

    @Override
    public void close() {
        realtime.close();
    }

    static JsonNode join(TestClient client, String room) {
        return ok(client.emit("room:join", Map.of("roomName", room)));
    }

    static JsonNode send(TestClient client, String room, String content) {
        return ok(client.emit("message:send", Map.of("roomName", room, "content", content)));
    }

    /** The status {@code asker}'s node reports for {@code userId} through {@code presence:get}. */
    static String presenceOf(TestClient asker, String userId) {
        JsonNode data = ok(asker.emit("presence:get", Map.of("userIds", List.of(userId))));
        return data.path("presences").path(0).path("status").asText();
    }

    static JsonNode ok(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as("ack %s", ack).isTrue();
        return ack.path("data");
    }

    /** Contents of the {@code message:new} events {@code client} received. */
    static List<String> messages(TestClient client) {
        return client.received("message:new").stream().map(m -> m.path("content").asText()).toList();
    }

    /** Users in the newest {@code typing:event} for {@code room}, or null when none arrived. */
    static List<String> typists(TestClient client, String room) {
        List<JsonNode> events = client.received("typing:event").stream()
                .filter(e -> e.path("roomName").asText().equals(room))
                .toList();
        if (events.isEmpty()) {
            return null;
        }
        JsonNode last = events.get(events.size() - 1);
        return last.path("users").findValuesAsText("userId");
    }

    /** Statuses announced to {@code client} for {@code userId} through {@code presence:changed}, oldest first. */
    static List<String> announcedStatuses(TestClient client, String userId) {
        return client.received("presence:changed").stream()
                .filter(p -> p.path("userId").asText().equals(userId))
                .map(p -> p.path("status").asText())
                .toList();
    }
}
