package dev.realtime.examples.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.standalone.RealtimeServer;
import dev.realtime.standalone.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend example against a real standalone server, with a plain-JSON WebSocket client in the room. */
class DeployNotifierIT {
    private static final String SECRET = "deploy-notifier-it-secret-0123456789abcdef";
    private static final String ADMIN_TOKEN = "deploy-notifier-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealtimeServer server;
    private AdminApiClient api;
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RealtimeServer.start(ConfigLoader.load(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                        "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ADMIN_TOKEN", ADMIN_TOKEN)));
        api = new AdminApiClient("http://127.0.0.1:" + server.httpPort(), ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void roomMembersSeeTheChatLineAndTheEvent() throws Exception {
        api.ensureRoom("releases");
        api.ensureRoom("releases");
        WebSocket socket = member("carol", "releases");

        String id = new DeployNotifier(api).announce("releases", "2.4.0");

        JsonNode message = awaitEvent("message:new");
        assertThat(message.path("id").asText()).isEqualTo(id);
        assertThat(message.path("userId").asText()).isEqualTo("deploy-bot");
        assertThat(message.path("content").asText()).isEqualTo("Version 2.4.0 is live");
        JsonNode event = awaitEvent("deploy:finished");
        assertThat(event.path("version").asText()).isEqualTo("2.4.0");
        assertThat(event.path("messageId").asText()).isEqualTo(id);
        socket.abort();
    }

    @Test
    void refusalsCarryTheServersCode() {
        assertThatThrownBy(() -> api.sendMessage("nowhere", "bot", "hi"))
                .isInstanceOfSatisfying(AdminApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("ROOM_NOT_FOUND");
                });
        AdminApiClient wrongToken = new AdminApiClient("http://127.0.0.1:" + server.httpPort(), "not-the-token");
        assertThatThrownBy(() -> wrongToken.ensureRoom("x"))
                .isInstanceOfSatisfying(AdminApiException.class, e -> assertThat(e.code()).isEqualTo("AUTH_REQUIRED"));
    }

    /** A plain-JSON protocol client: authenticates, joins, and records every server event. */
    private WebSocket member(String userId, String room) throws Exception {
        String token = new JwtIssuer(SECRET).issue(userId, Duration.ofMinutes(5));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(text.toString()));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        socket.sendText("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"}}", true).join();
        awaitEvent("authenticated");
        socket.sendText("{\"event\":\"room:join\",\"data\":{\"roomName\":\"" + room + "\"},\"ack\":1}", true).join();
        JsonNode ack = await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream()
                .filter(f -> f.path("ack").asInt() == 1).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(ack.path("data").path("success").asBoolean()).as(ack.toString()).isTrue();
        return socket;
    }

    private JsonNode awaitEvent(String name) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream()
                .filter(f -> name.equals(f.path("event").asText())).findFirst(), Optional::isPresent)
                .orElseThrow().path("data");
    }
}
