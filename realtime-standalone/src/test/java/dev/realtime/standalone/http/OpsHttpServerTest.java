package dev.realtime.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.HealthReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {
    private static final HealthReport OK = new HealthReport("ok", "n1", 5, 2, 3,
            new HealthReport.StoreHealth("memory", true, true, 0, 0),
            new HealthReport.BusHealth("local", true, List.of()));
    private static final HealthReport DEGRADED = new HealthReport("degraded", "n1", 5, 2, 3,
            new HealthReport.StoreHealth("postgresql", false, false, 10, 1),
            new HealthReport.BusHealth("redis", true, List.of("n2")));

    private final AtomicReference<HealthReport> health = new AtomicReference<>(OK);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();
    private OpsHttpServer server;

    private void start(List<String> origins, boolean health, boolean metrics) {
        server = new OpsHttpServer(new OpsSettings("127.0.0.1", 0, origins, health, "/health", metrics, "/metrics"),
                this.health::get, registry, () -> Map.of("connections", Map.of("total", 2)));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsJsonAnd503WhenABackingServiceIsDown() throws Exception {
        start(List.of("*"), true, true);
        HttpResponse<String> ok = send("GET", "/health", Map.of());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(ok.body()).contains("\"status\":\"ok\"", "\"uptime\":5", "\"connections\":2", "\"store\"", "\"bus\"");
        health.set(DEGRADED);
        HttpResponse<String> down = send("GET", "/health", Map.of());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"degraded\"", "\"status\":\"down\"");
    }

    @Test
    void metricsArePrometheusTextOrJsonStatistics() throws Exception {
        start(List.of("*"), true, true);
        Counter.builder("realtime.test.hits").register(registry).increment(3);
        HttpResponse<String> text = send("GET", "/metrics", Map.of());
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(text.body()).contains("# TYPE realtime_test_hits_total counter", "realtime_test_hits_total 3.0");
        HttpResponse<String> json = send("GET", "/metrics", Map.of("Accept", "application/json"));
        assertThat(json.body()).isEqualTo("{\"connections\":{\"total\":2}}");
    }

    @Test
    void corsHeadersFollowTheConfiguredOrigins() throws Exception {
        start(List.of("https://app.example.com"), true, true);
        HttpResponse<String> allowed = send("GET", "/health", Map.of("Origin", "https://app.example.com"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        HttpResponse<String> other = send("GET", "/health", Map.of("Origin", "https://evil.example.com"));
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = send("OPTIONS", "/metrics", Map.of("Origin", "https://app.example.com"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).isPresent();
    }

    @Test
    void wildcardOriginAllowsAll() throws Exception {
        start(List.of("*"), true, true);
        assertThat(send("GET", "/health", Map.of("Origin", "https://x.example")).headers()
                .firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void disabledEndpointsAndUnknownPathsAre404AndWritesAre405() throws Exception {
        start(List.of("*"), false, false);
        assertThat(send("GET", "/health", Map.of()).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics", Map.of()).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/nothing", Map.of()).body()).contains("not found");
        server.close();
        start(List.of("*"), true, true);
        assertThat(send("GET", "/healthcheck", Map.of()).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics/extra", Map.of()).statusCode()).isEqualTo(404);
        server.close();
        start(List.of("*"), true, true);
        assertThat(send("POST", "/health", Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void aTakenPortIsReportedAndNothingIsLeftRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            OpsHttpServer clash = new OpsHttpServer(new OpsSettings("127.0.0.1", taken.getLocalPort(), List.of("*"),
                    true, "/health", true, "/metrics"), this.health::get, registry, Map::of);
            assertThatThrownBy(clash::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(registry.find("realtime.http.connections.open").gauge()).isNull();
        }
    }

    @Test
    void theNioFallbackServesTheSame() throws Exception {
        server = new OpsHttpServer(new OpsSettings("127.0.0.1", 0, List.of("*"), true, "/health", true, "/metrics"),
                this.health::get, registry, () -> Map.of("connections", Map.of("total", 2)), OpsTransport.nio());
        server.start();
        assertThat(send("GET", "/health", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> head = send("HEAD", "/metrics", Map.of("Accept", "application/json"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(send("GET", "/nothing", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingHandlerIsA500AndTheServerGoesOn() throws Exception {
        start(List.of("*"), true, true);
        server.route("/api/boom", exchange -> {
            throw new IllegalStateException("bug");
        });
        assertThat(send("GET", "/api/boom", Map.of()).statusCode()).isEqualTo(500);
        assertThat(send("GET", "/health", Map.of()).statusCode()).isEqualTo(200);
    }
}
