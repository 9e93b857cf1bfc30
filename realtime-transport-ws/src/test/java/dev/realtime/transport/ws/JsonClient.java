package dev.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** A plain-protocol ({@code /ws}) client over a real WebSocket: sends events, collects everything received. */
final class JsonClient implements AutoCloseable {
    private final TestWsClient socket;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicLong acks = new AtomicLong();
    private final Thread pump;

    JsonClient(String url) throws InterruptedException {
        socket = TestWsClient.connect(url);
        pump = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    String message = socket.messages.take();
                    received.add(Json.reader().readTree(message));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }, "json-client-pump");
        pump.setDaemon(true);
        pump.start();
    }

    TestWsClient socket() {
        return socket;
    }

    void emit(String event, Object data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", event);
        frame.put("data", data);
        sendJson(frame);
    }

    /** Sends with an ack id and returns the ack's data ({@code {success, data|error}}). */
    JsonNode request(String event, Object data) {
        long id = acks.incrementAndGet();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", event);
        frame.put("data", data);
        frame.put("ack", id);
        sendJson(frame);
        return await().atMost(Duration.ofSeconds(15)).until(() -> received.stream()
                .filter(m -> m.path("ack").asLong(-1) == id).findFirst(), Optional::isPresent).orElseThrow()
                .get("data");
    }

    void sendJson(Object frame) {
        try {
            socket.send(Json.writer().writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode awaitEvent(String name, Predicate<JsonNode> test) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> received.stream()
                .filter(m -> name.equals(m.path("event").asText()) && test.test(m.path("data"))).findFirst(),
                Optional::isPresent).orElseThrow().get("data");
    }

    JsonNode awaitEvent(String name) {
        return awaitEvent(name, d -> true);
    }

    List<JsonNode> events(String name) {
        return received.stream().filter(m -> name.equals(m.path("event").asText())).map(m -> m.path("data")).toList();
    }

    /** Authenticates with {@code token} (null for anonymous) and returns the ack. */
    JsonNode auth(String token) {
        return request("auth", token == null ? Map.of() : Map.of("token", token));
    }

    static void assertOk(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
    }

    @Override
    public void close() {
        socket.close();
        pump.interrupt();
    }
}
