package dev.realtime.examples.minimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtime.core.Message;
import dev.realtime.core.Realtime;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.transport.ws.WebSocketTransport;
import dev.realtime.transport.ws.WsTransportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The minimal server over a real socket: a JWT client joins {@code general} and gets a server message. */
class MinimalServerTest {
    private static final String SECRET = "minimal-server-test-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Queue<JsonNode> frames = new ConcurrentLinkedQueue<>();
    private Realtime realtime;
    private WebSocket socket;

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.abort();
        }
        if (realtime != null) {
            realtime.close();
        }
    }

    @Test
    void aClientWithATokenJoinsGeneralAndReceivesMessages() {
        WebSocketTransport ws = WebSocketTransport.create(WsTransportOptions.builder().host("127.0.0.1").port(0)
                .build());
        realtime = MinimalServer.start(ws, SECRET);
        socket = connect(ws.port(), new JwtIssuer(SECRET).issue("alice", Duration.ofMinutes(5)));

        socket.sendText("{\"event\":\"room:join\",\"data\":{\"roomName\":\"general\"},\"ack\":1}", true).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> ack(1).isPresent());
        realtime.send("general", "system", Message.of("welcome"));

        JsonNode message = awaitEvent("message:new");
        assertThat(message.path("content").asText()).isEqualTo("welcome");
        assertThat(message.path("userId").asText()).isEqualTo("system");
        assertThat(ack(1).orElseThrow().path("data").path("success").asBoolean()).isTrue();
    }

    private WebSocket connect(int port, String token) {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(text.toString()));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"}}", true).join();
        awaitEvent("authenticated");
        return ws;
    }

    private Optional<JsonNode> ack(int id) {
        return frames.stream().filter(f -> f.has("ack") && f.path("ack").asInt() == id).findFirst();
    }

    private JsonNode awaitEvent(String name) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream()
                .filter(f -> name.equals(f.path("event").asText())).findFirst(), Optional::isPresent)
                .orElseThrow().path("data");
    }
}
