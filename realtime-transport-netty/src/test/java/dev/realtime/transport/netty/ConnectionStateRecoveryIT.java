package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.node.SocketIoDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO connection state recovery with an unmodified socket.io-client 4.8: a socket whose connection drops
 * for 5 s while 500 messages are sent reconnects by itself with {@code socket.recovered === true} and receives
 * every one of them exactly once, in order, still in its room.
 */
class ConnectionStateRecoveryIT extends SocketIoDriverTestBase {
    /** Reconnects by itself 5 s after the drop. */
    private static final Map<String, Object> RECONNECTING = Map.of("transports", List.of("websocket"),
            "reconnection", true, "reconnectionDelay", 5000, "reconnectionDelayMax", 5000,
            "randomizationFactor", 0);

    @Override
    protected void prepare(NettyServerHarness started) {
        started.realtime.rooms().create(Room.builder("general").build());
    }

    private List<JsonNode> connects(String socket) {
        return driver.messages(socket, "connect");
    }

    @Test
    void aDroppedSocketRecoversEveryMissedMessageOnceAndInOrder() {
        JsonNode first = driver.connect("a", server.url(), Map.of("token", server.tokens.valid("alice")), RECONNECTING);
        assertThat(first.path("type").asText()).as(first.toString()).isEqualTo("connect");
        assertThat(first.path("recovered").asBoolean()).isFalse();
        assertThat(driver.emitWithAck("a", "room:join", Map.of("roomName", "general")).path("success").asBoolean())
                .isTrue();
        server.realtime.send("general", "bob", Message.of("before"));
        driver.awaitEvent("a", "message:new", m -> "before".equals(m.path("content").asText()));

        driver.cut("a");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.realtime.connectionCount() == 0);
        for (int i = 1; i <= 500; i++) {
            server.realtime.send("general", "bob", Message.of("m" + i));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> connects("a").size() == 2);
        assertThat(connects("a").get(1).path("recovered").asBoolean()).as(connects("a").toString()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.events("a", "message:new").size() == 501);
        server.realtime.send("general", "bob", Message.of("after"));
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.events("a", "message:new").size() == 502);

        List<String> contents = driver.events("a", "message:new").stream().map(m -> m.path("content").asText())
                .toList();
        List<String> expected = new java.util.ArrayList<>(List.of("before"));
        IntStream.rangeClosed(1, 500).forEach(i -> expected.add("m" + i));
        expected.add("after");
        assertThat(contents).isEqualTo(expected);
        List<Long> seqs = driver.events("a", "message:new").stream().map(m -> m.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }
}
