package dev.realtime.transport.netty;

import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.json.Json;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.wire.RawWs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain WebSocket client on {@code /ws} whose connection drops while 500 messages are sent: rejoining with
 * {@code since} (its last seq and the join's epoch) gets all 500 in the ack, once and in order, then live ones.
 */
class WsSinceRecoveryIT {
    private NettyServerHarness server;

    @BeforeEach
    void start() {
        server = new NettyServerHarness();
        server.realtime.rooms().create(Room.builder("general").build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void send(RawWs ws, Map<String, Object> message) throws IOException {
        ws.write(frame(FIN | TEXT, utf8(Json.writer().writeValueAsString(message))));
    }

    /** Reads frames until one matching {@code field == value}; fails when the connection ends first. */
    private static JsonNode next(RawWs ws, String field, String value) throws IOException {
        while (true) {
            String text = ws.nextText();
            assertThat(text).as("connection still open").isNotNull();
            JsonNode node = Json.reader().readTree(text);
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
    }

    private RawWs connect(String user) throws IOException {
        RawWs ws = RawWs.upgraded(server.transport.port(), "/ws");
        send(ws, Map.of("event", "auth", "data", Map.of("token", server.tokens.valid(user)), "ack", 0));
        assertThat(next(ws, "ack", "0").path("data").path("success").asBoolean()).isTrue();
        return ws;
    }

    private static JsonNode join(RawWs ws, Map<String, Object> data) throws IOException {
        send(ws, Map.of("event", "room:join", "data", data, "ack", 1));
        JsonNode ack = next(ws, "ack", "1").path("data");
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        return ack.path("data");
    }

    @Test
    void rejoiningWithSinceReturnsEveryMissedMessageOnceAndInOrder() throws Exception {
        long lastSeen;
        String epoch;
        try (RawWs first = connect("alice")) {
            epoch = join(first, Map.of("roomName", "general")).path("epoch").asText();
            server.realtime.send("general", "bob", Message.of("before"));
            lastSeen = next(first, "event", "message:new").path("data").path("seq").asLong();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.realtime.connectionCount() == 0);
        for (int i = 1; i <= 500; i++) {
            server.realtime.send("general", "bob", Message.of("m" + i));
        }

        try (RawWs again = connect("alice")) {
            JsonNode ack = join(again, Map.of("roomName", "general",
                    "since", Map.of("offset", lastSeen, "epoch", epoch)));
            server.realtime.send("general", "bob", Message.of("after"));
            JsonNode live = next(again, "event", "message:new").path("data");

            assertThat(ack.path("recovered").asBoolean()).isTrue();
            List<String> contents = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            ack.path("messages").forEach(m -> {
                contents.add(m.path("content").asText());
                seqs.add(m.path("seq").asLong());
            });
            assertThat(contents).isEqualTo(IntStream.rangeClosed(1, 500).mapToObj(i -> "m" + i).toList());
            assertThat(seqs).isEqualTo(LongStream.rangeClosed(lastSeen + 1, lastSeen + 500).boxed().toList());
            assertThat(live.path("content").asText()).isEqualTo("after");
            assertThat(live.path("seq").asLong()).isEqualTo(lastSeen + 501);
        }
    }
}
