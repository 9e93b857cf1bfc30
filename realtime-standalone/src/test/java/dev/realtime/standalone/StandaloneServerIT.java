package dev.realtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.auth.JwtIssuer;
import dev.realtime.standalone.config.ConfigLoader;
import dev.realtime.standalone.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone wiring in-process: configuration in, a working node with its operations HTTP out. */
class StandaloneServerIT {
    private static final String SECRET = "it-secret-0123456789abcdef0123456789";

    private RealtimeServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private void start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("REALTIME_HOST", "127.0.0.1", "REALTIME_PORT", "0",
                "REALTIME_HTTP_PORT", "0", "REALTIME_JWT_SECRET", SECRET, "REALTIME_ROOMS", "general,random"));
        env.putAll(extra);
        ServerConfig config = ConfigLoader.load(env);
        server = RealtimeServer.start(config);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createsTheConfiguredRoomsAndServesHealthAndMetrics() throws Exception {
        start(Map.of());
        assertThat(server.realtime().rooms().list()).extracting(r -> r.name()).containsExactly("general", "random");
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"", "\"rooms\":2");
        HttpResponse<String> prometheus = get("/metrics", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("realtime_ws_sockets_open", "jvm_memory_used_bytes");
        HttpResponse<String> json = get("/metrics", "application/json");
        assertThat(json.body()).contains("\"connections\"", "\"rooms\":2", "\"uptime\"");
    }

    @Test
    void aClientAuthenticatesWithAJwtAndIsCountedInHealth() throws Exception {
        start(Map.of());
        WsTestClient client = new WsTestClient("ws://127.0.0.1:" + server.port() + "/ws");
        assertThat(client.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        String token = new JwtIssuer(SECRET).issue("alice", Duration.ofMinutes(5));
        client.send("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"},\"ack\":1}");
        assertThat(client.next()).contains("\"ack\":1", "\"success\":true");
        assertThat(get("/health", null).body()).contains("\"connections\":1");
        server.close();
        assertThat(client.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(1001);
        server = null;
    }

    @Test
    void customPathsAndSwitchesAreHonoured() throws Exception {
        start(Map.of("REALTIME_HEALTH_PATH", "/healthz", "REALTIME_ENABLE_METRICS", "false"));
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(404);
    }
}
