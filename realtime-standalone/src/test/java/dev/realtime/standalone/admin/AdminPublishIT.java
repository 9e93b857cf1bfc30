package dev.realtime.standalone.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.core.internal.json.Json;
import dev.realtime.standalone.RealtimeServer;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.ConfigLoader;
import dev.realtime.standalone.config.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone server with the admin API on, and real {@code socket.io-client} room members (Node, with the
 * client the transport module's build installs) receiving what a backend publishes over HTTP.
 */
class AdminPublishIT {
    private static final String SECRET = "admin-publish-it-secret-0123456789abcdef";
    private static final String ADMIN_TOKEN = "admin-publish-it-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    private RealtimeServer server;
    private Process node;

    @AfterEach
    void stop() throws InterruptedException, IOException {
        if (node != null) {
            node.getOutputStream().close();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> env(String adminToken) {
        Map<String, String> env = new HashMap<>();
        env.put("REALTIME_HOST", "127.0.0.1");
        env.put("REALTIME_PORT", "0");
        env.put("REALTIME_HTTP_PORT", "0");
        env.put("REALTIME_JWT_SECRET", SECRET);
        env.put("REALTIME_ROOMS", "general");
        if (adminToken != null) {
            env.put("REALTIME_ADMIN_TOKEN", adminToken);
        }
        return env;
    }

    private static RealtimeServer start(Map<String, String> env) {
        ServerConfig config = ConfigLoader.load(env);
        return RealtimeServer.start(config);
    }

    @Test
    void roomMembersOnSocketIoReceiveMessagesAndEventsPublishedThroughTheApi() throws Exception {
        server = start(env(ADMIN_TOKEN));
        JwtIssuer issuer = new JwtIssuer(SECRET);
        startMembers(server.port(), "alice=" + issuer.issue("alice", Duration.ofMinutes(5)),
                "bob=" + issuer.issue("bob", Duration.ofMinutes(5)));

        HttpResponse<String> sent = post("/api/rooms/general/messages",
                "{\"content\":\"deploy finished\",\"userId\":\"ci\",\"metadata\":{\"build\":42}}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        String id = Json.reader().readTree(sent.body()).path("id").asText();
        for (String user : List.of("alice", "bob")) {
            JsonNode message = awaitEvent(user, "message:new");
            assertThat(message.path("id").asText()).isEqualTo(id);
            assertThat(message.path("content").asText()).isEqualTo("deploy finished");
            assertThat(message.path("userId").asText()).isEqualTo("ci");
            assertThat(message.path("roomName").asText()).isEqualTo("general");
            assertThat(message.path("metadata").path("build").asInt()).isEqualTo(42);
        }

        HttpResponse<String> event = post("/api/rooms/general/events",
                "{\"event\":\"order:shipped\",\"data\":{\"orderId\":7}}");
        assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
        assertThat(Json.reader().readTree(event.body()).path("localRecipients").asInt()).isEqualTo(2);
        for (String user : List.of("alice", "bob")) {
            assertThat(awaitEvent(user, "order:shipped").path("orderId").asInt()).isEqualTo(7);
        }

        HttpResponse<String> connections = get("/api/connections", ADMIN_TOKEN);
        assertThat(Json.reader().readTree(connections.body()).path("connections").findValuesAsText("transport"))
                .containsOnly("socket_io").hasSize(2);
    }

    @Test
    void withoutAnAdminTokenThereIsNoApi() throws Exception {
        server = start(env(null));
        HttpResponse<String> response = get("/api/rooms", "anything");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aShortAdminTokenRefusesToStart() {
        assertThatThrownBy(() -> start(env("short"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REALTIME_ADMIN_TOKEN");
    }

    private void startMembers(int port, String... users) throws IOException {
        Path moduleDir = Path.of("").toAbsolutePath();
        Path clientDir = moduleDir.resolveSibling("realtime-transport-ws");
        assertThat(clientDir.resolve("node_modules/socket.io-client"))
                .as("socket.io-client is installed by the realtime-transport-ws build (npm ci)").exists();
        List<String> command = new java.util.ArrayList<>(List.of("node",
                moduleDir.resolve("src/test/js/admin-room-listener.mjs").toString(),
                "http://127.0.0.1:" + port, "general"));
        command.addAll(List.of(users));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SOCKET_IO_CLIENT_DIR", clientDir.toString());
        node = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(Json.reader().readTree(line));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "admin-it-node-reader");
        reader.setDaemon(true);
        reader.start();
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> "ready".equals(l.path("type").asText())
                || "connect_error".equals(l.path("type").asText())));
        assertThat(lines).as("both sockets joined").noneMatch(l -> "connect_error".equals(l.path("type").asText()));
    }

    private JsonNode awaitEvent(String user, String event) {
        return await().atMost(WAIT).until(() -> lines.stream()
                        .filter(l -> user.equals(l.path("user").asText()) && "event".equals(l.path("type").asText())
                                && event.equals(l.path("event").asText()))
                        .findFirst(), java.util.Optional::isPresent)
                .orElseThrow().path("data");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }
}
