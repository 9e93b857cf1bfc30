package dev.realtime.transport.netty;

import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.testkit.wire.RawWs;
import java.io.IOException;
import java.util.Map;

/** A plain WebSocket client of {@code /ws} for the recovery tests: authenticated, reading frames in order. */
final class WsJsonClient implements AutoCloseable {
    private final RawWs ws;
    private long nextAck = 1;

    private WsJsonClient(RawWs ws) {
        this.ws = ws;
    }

    /** Connects to {@code /ws} on {@code port} and authenticates with {@code token}. */
    static WsJsonClient connect(int port, String token) throws IOException {
        WsJsonClient client = new WsJsonClient(RawWs.upgraded(port, "/ws"));
        JsonNode ack = client.request("auth", Map.of("token", token));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        return client;
    }

    /** Sends an event with an ack id and returns the ack ({@code {success, data|error}}), skipping other frames. */
    JsonNode request(String event, Object data) throws IOException {
        long id = nextAck++;
        ws.write(frame(FIN | TEXT, utf8(Json.writer().writeValueAsString(
                Map.of("event", event, "data", data, "ack", id)))));
        return next("ack", Long.toString(id)).path("data");
    }

    /** {@code request} that must succeed; its {@code data}. */
    JsonNode ok(String event, Object data) throws IOException {
        JsonNode ack = request(event, data);
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        return ack.path("data");
    }

    /** Reads frames until one with {@code field == value}; fails when the connection ends first. */
    JsonNode next(String field, String value) throws IOException {
        while (true) {
            String text = ws.nextText();
            assertThat(text).as("connection still open").isNotNull();
            JsonNode node = Json.reader().readTree(text);
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
    }

    @Override
    public void close() throws IOException {
        ws.close();
    }
}
