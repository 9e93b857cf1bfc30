package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A client of the plain JSON protocol ({@code /ws}) over a real WebSocket, recording every frame it receives. */
final class WsJsonClient extends WebSocketClient {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final AtomicLong ackIds = new AtomicLong();

    private WsJsonClient(URI uri) {
        super(uri);
    }

    /** Connects to {@code ws://host:port/ws} and authenticates with {@code token}. */
    static WsJsonClient connect(int port, String token) throws InterruptedException {
        WsJsonClient client = new WsJsonClient(URI.create("ws://127.0.0.1:" + port + "/ws"));
        assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).as("connected to port %d", port).isTrue();
        client.send("auth", Map.of("token", token), null);
        client.awaitEvent("authenticated");
        return client;
    }

    /** Sends an event with an ack id and returns the ack object ({@code {success, data|error}}). */
    JsonNode request(String event, Object data) {
        long id = ackIds.incrementAndGet();
        send(event, data, id);
        return await().atMost(WAIT).until(() -> frames.stream()
                .filter(frame -> frame.path("ack").asLong(-1) == id)
                .findFirst().orElse(null), frame -> frame != null).path("data");
    }

    /** Payloads of the received events named {@code event}, oldest first. */
    List<JsonNode> events(String event) {
        return frames.stream().filter(frame -> event.equals(frame.path("event").asText()))
                .map(frame -> frame.path("data")).toList();
    }

    /** Every frame received, oldest first. */
    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    void awaitEvent(String event) {
        await().atMost(WAIT).until(() -> !events(event).isEmpty());
    }

    private void send(String event, Object data, Long ackId) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", event);
        frame.put("data", data);
        if (ackId != null) {
            frame.put("ack", ackId);
        }
        try {
            send(Json.writer().writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        try {
            frames.add(Json.reader().readTree(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
    }

    @Override
    public void onError(Exception e) {
    }
}
