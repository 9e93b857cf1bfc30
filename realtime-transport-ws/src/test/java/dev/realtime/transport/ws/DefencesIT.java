package dev.realtime.transport.ws;

import static dev.realtime.transport.ws.JsonClient.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawClient;
import dev.realtime.core.model.Room;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's defences against the real engine: origin, frame size, slow readers. */
class DefencesIT {
    private ServerHarness server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(java.util.function.Consumer<WsTransportOptions.Builder> ws) {
        server = new ServerHarness(o -> { }, ws, b -> { });
        server.realtime.rooms().create(Room.builder("general").build());
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheConnectionOpens() throws Exception {
        start(w -> w.allowedOrigins(List.of("https://chat.example.com")));
        TestWsClient foreign = new TestWsClient(server.jsonUrl(), Map.of("Origin", "https://evil.example.com"));
        assertThat(foreign.connectBlocking(10, TimeUnit.SECONDS)).isFalse();
        assertThat(RawClient.answerTo(server.transport.port(), "/socket.io/?EIO=4&transport=websocket",
                "https://evil.example.com")).startsWith("HTTP/1.1 403").contains("origin not allowed");
        try (JsonClient allowed = new JsonClient(server.jsonUrl())) {
            assertOk(allowed.auth(server.tokens.valid("alice")));
        }
        assertThat(server.realtime.connections()).noneMatch(c -> c.userId().equals("evil"));
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        start(w -> w.maxPayloadBytes(16 * 1024));
        try (JsonClient big = new JsonClient(server.jsonUrl()); JsonClient other = new JsonClient(server.jsonUrl())) {
            assertOk(big.auth(server.tokens.valid("big")));
            assertOk(other.auth(server.tokens.valid("other")));
            assertOk(other.request("room:join", Map.of("roomName", "general")));
            big.emit("message:send", Map.of("roomName", "general", "content", "x".repeat(20_000)));
            assertThat(big.socket().awaitClose()).isEqualTo(1009);
            assertThat(big.awaitEvent("error").path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertOk(other.request("message:send", Map.of("roomName", "general", "content", "still here")));
            await().until(() -> server.realtime.connectionCount() == 1);
        }
    }

    @Test
    void aReaderThatStopsReadingIsClosedWhileItsRoomMatesKeepReceiving() throws Exception {
        start(w -> w.maxOutboundBytes(1_048_576));
        try (JsonClient reader = new JsonClient(server.jsonUrl()); Socket stalled = new Socket()) {
            assertOk(reader.auth(server.tokens.valid("reader")));
            assertOk(reader.request("room:join", Map.of("roomName", "general")));
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.transport.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(RawClient.upgrade("/ws", null));
            out.write(RawClient.text("{\"event\":\"auth\",\"data\":{\"token\":\"" + server.tokens.valid("stalled") + "\"}}"));
            out.write(RawClient.text("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\"}}"));
            out.flush();
            await().until(() -> server.realtime.rooms().onlineCount("general") == 2);

            String payload = "z".repeat(32 * 1024);
            int published = 0;
            while (server.transport.slowReadersClosed() == 0 && published < 2_000) {
                for (int i = 0; i < 10; i++) {
                    server.realtime.publish("general", "bulk", Map.of("n", published++, "p", payload));
                }
                int expected = published;
                // the healthy reader keeps up: it has everything published so far
                await().atMost(Duration.ofSeconds(15)).until(() -> reader.events("bulk").size() == expected);
            }
            assertThat(server.transport.slowReadersClosed()).isEqualTo(1);
            await().until(() -> server.realtime.rooms().onlineCount("general") == 1);
            server.realtime.publish("general", "after", Map.of());
            reader.awaitEvent("after");
            assertThat(reader.socket().isOpen()).isTrue();
        }
    }

    @Test
    void pollingIsRefusedWithAClearAnswer() throws Exception {
        start(w -> { });
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url() + "/socket.io/?EIO=4&transport=polling")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("websocket");
    }
}
