package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.model.Room;
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

    @Test
    void rejoiningWithSinceReturnsEveryMissedMessageOnceAndInOrder() throws Exception {
        long lastSeen;
        String epoch;
        try (WsJsonClient first = WsJsonClient.connect(server.transport.port(), server.tokens.valid("alice"))) {
            epoch = first.ok("room:join", Map.of("roomName", "general")).path("epoch").asText();
            server.realtime.send("general", "bob", Message.of("before"));
            lastSeen = first.next("event", "message:new").path("data").path("seq").asLong();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.realtime.connectionCount() == 0);
        for (int i = 1; i <= 500; i++) {
            server.realtime.send("general", "bob", Message.of("m" + i));
        }

        try (WsJsonClient again = WsJsonClient.connect(server.transport.port(), server.tokens.valid("alice"))) {
            JsonNode ack = again.ok("room:join", Map.of("roomName", "general",
                    "since", Map.of("offset", lastSeen, "epoch", epoch)));
            server.realtime.send("general", "bob", Message.of("after"));
            JsonNode live = again.next("event", "message:new").path("data");

            assertRecovered(ack, lastSeen);
            assertThat(live.path("content").asText()).isEqualTo("after");
            assertThat(live.path("seq").asLong()).isEqualTo(lastSeen + 501);
        }
    }

    /** The join ack holds m1..m500 with the offsets after {@code lastSeen}, in order. */
    static void assertRecovered(JsonNode ack, long lastSeen) {
        assertThat(ack.path("recovered").asBoolean()).as(ack.path("reason").asText()).isTrue();
        List<String> contents = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        ack.path("messages").forEach(m -> {
            contents.add(m.path("content").asText());
            seqs.add(m.path("seq").asLong());
        });
        assertThat(contents).isEqualTo(IntStream.rangeClosed(1, 500).mapToObj(i -> "m" + i).toList());
        assertThat(seqs).isEqualTo(LongStream.rangeClosed(lastSeen + 1, lastSeen + 500).boxed().toList());
    }
}
