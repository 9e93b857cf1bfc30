package dev.realtime.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.node.SocketIoDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The upgrade itself, with an unmodified socket.io-client 4.x on its default transports (a plain
 * {@code io(url)}: long-polling, then the upgrade to WebSocket) against the real engine on the Netty transport.
 * Every protocol event and refusal over each client transport: {@link PollingScenariosIT},
 * {@link WebSocketScenariosIT}, {@link UpgradeScenariosIT}.
 */
class PollingCompatIT extends SocketIoDriverTestBase {
    private static final Map<String, Object> DEFAULT_TRANSPORTS = Map.of();
    private static final Map<String, Object> WEBSOCKET_ONLY = Map.of("transports", List.of("websocket"));

    @Override
    protected void prepare(NettyServerHarness started) {
        started.realtime.rooms().create(Room.builder("general").build());
    }

    private void connectAs(String socket, String user, Map<String, Object> options) {
        JsonNode result = driver.connect(socket, server.url(), Map.of("token", server.tokens.valid(user)), options);
        assertThat(result.path("type").asText()).as(result.toString()).isEqualTo("connect");
    }

    private void join(String socket) {
        JsonNode ack = driver.emitWithAck(socket, "room:join", Map.of("roomName", "general"));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
    }

    /** The sender sends, with an ack; both members (the sender too) receive the message. */
    private void messageFlow(String sender, String senderUser, String other) {
        JsonNode ack = driver.emitWithAck(sender, "message:send", Map.of("roomName", "general", "content", "hello"));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        String id = ack.path("data").path("id").asText();
        for (String socket : List.of(sender, other)) {
            JsonNode message = driver.awaitEvent(socket, "message:new", d -> id.equals(d.path("id").asText()));
            assertThat(message.path("content").asText()).isEqualTo("hello");
            assertThat(message.path("userId").asText()).isEqualTo(senderUser);
        }
    }

    @Test
    void defaultTransportsStartWithPollingUpgradeAndCarryTheWholeFlow() {
        connectAs("a", "alice", DEFAULT_TRANSPORTS);
        connectAs("b", "bob", WEBSOCKET_ONLY);
        assertThat(driver.awaitMessage("a", m -> "transport".equals(m.path("type").asText()))
                .path("name").asText()).isEqualTo("polling");
        driver.awaitEvent("a", "authenticated");
        assertThat(driver.awaitMessage("a", m -> "upgrade".equals(m.path("type").asText()))
                .path("name").asText()).isEqualTo("websocket");
        join("a");
        join("b");
        messageFlow("a", "alice", "b");
        messageFlow("b", "bob", "a");
    }

    @Test
    void nothingIsLostOrDuplicatedAcrossTheUpgrade() {
        connectAs("b", "bob", WEBSOCKET_ONLY);
        join("b");
        connectAs("a", "alice", DEFAULT_TRANSPORTS);
        join("a");
        // messages keep arriving while the client probes and switches (fewer than the sender's rate limit)
        for (int i = 0; i < 30; i++) {
            driver.emit("b", "message:send", Map.of("roomName", "general", "content", "m" + i));
        }
        driver.awaitMessage("a", m -> "upgrade".equals(m.path("type").asText()));
        for (int i = 30; i < 45; i++) {
            driver.emit("b", "message:send", Map.of("roomName", "general", "content", "m" + i));
        }
        List<String> expected = IntStream.range(0, 45).mapToObj(i -> "m" + i).toList();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(driver.events("a", "message:new")
                .stream().map(d -> d.path("content").asText()).toList()).containsExactlyElementsOf(expected));
    }
}
