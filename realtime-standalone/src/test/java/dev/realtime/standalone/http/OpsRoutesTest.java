package dev.realtime.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.HealthReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.epoll.Epoll;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Routing, CORS and the health and metrics answers, without a socket. */
class OpsRoutesTest {
    private static final HealthReport DEGRADED = new HealthReport("degraded", "n1", 5, 2, 3,
            new HealthReport.StoreHealth("postgresql", false, false, 10, 1),
            new HealthReport.BusHealth("redis", true, List.of("n2")));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private static OpsResponse answer(OpsRoutes routes, OpsRequest request) {
        return routes.answer(request).toCompletableFuture().join();
    }

    @Test
    void healthAndMetricsAnswerReadsOnly() {
        HealthHandler health = new HealthHandler(() -> DEGRADED);
        OpsResponse down = health.answer(OpsRequest.of("GET", "/health"));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("content-type")).isEqualTo(OpsResponse.JSON);
        assertThat(down.bodyText()).contains("\"status\":\"degraded\"", "\"pendingWrites\":10", "\"peers\":[\"n2\"]");
        assertThat(health.answer(OpsRequest.of("post", "/health")).status()).isEqualTo(405);

        Counter.builder("realtime.test.hits").register(registry).increment();
        MetricsHandler metrics = new MetricsHandler(registry, () -> Map.of("rooms", 3));
        assertThat(metrics.answer(OpsRequest.of("GET", "/metrics")).bodyText()).contains("realtime_test_hits_total 1.0");
        assertThat(metrics.answer(OpsRequest.of("HEAD", "/metrics").withHeader("ACCEPT", "application/json"))
                .bodyText()).isEqualTo("{\"rooms\":3}");
    }

    @Test
    void exactPathsPrefixesAnd404() {
        OpsRoutes routes = new OpsRoutes(List.of("*"), 1024);
        routes.exact("/health", new HealthHandler(() -> DEGRADED));
        routes.prefix("/api", request -> CompletableFuture.completedFuture(OpsResponse.text(200, "api " + request.path())));
        routes.prefix("/api/special", request -> CompletableFuture.completedFuture(OpsResponse.text(200, "special")));

        assertThat(answer(routes, OpsRequest.of("GET", "/health/")).status()).isEqualTo(503);
        assertThat(answer(routes, OpsRequest.of("GET", "/health/x")).status()).isEqualTo(404);
        assertThat(answer(routes, OpsRequest.of("GET", "/healthz")).bodyText()).contains("\"path\":\"/healthz\"");
        assertThat(answer(routes, OpsRequest.of("GET", "/api")).bodyText()).isEqualTo("api /api");
        assertThat(answer(routes, OpsRequest.of("GET", "/api/rooms/a%23b?x=1")).bodyText()).isEqualTo("api /api/rooms/a#b");
        assertThat(answer(routes, OpsRequest.of("GET", "/api/special/1")).bodyText()).isEqualTo("special");
        assertThat(answer(routes, OpsRequest.of("GET", "/apix")).status()).isEqualTo(404);
        assertThat(answer(routes, OpsRequest.of("GET", "http://node:3102/api/x")).bodyText()).isEqualTo("api /api/x");
    }

    @Test
    void aFailingHandlerIsAJson500WithCors() {
        OpsRoutes routes = new OpsRoutes(List.of("https://app.example.com"), 1024);
        routes.prefix("/throws", request -> {
            throw new IllegalStateException("bug");
        });
        routes.prefix("/fails", request -> CompletableFuture.failedFuture(new IllegalStateException("bug")));
        for (String path : new String[] {"/throws", "/fails"}) {
            OpsResponse response = answer(routes, OpsRequest.of("GET", path).withHeader("Origin", "https://app.example.com"));
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.bodyText()).isEqualTo("{\"error\":\"internal error\"}");
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(response.header("Vary")).isEqualTo("Origin");
        }
    }

    @Test
    void preflightsAreAnsweredForAnyPathAndOtherOriginsGetNoGrant() {
        OpsRoutes routes = new OpsRoutes(List.of("https://app.example.com/"), 1024);
        OpsResponse preflight = answer(routes, OpsRequest.of("OPTIONS", "/api/rooms")
                .withHeader("Origin", "https://APP.example.com"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://APP.example.com");
        OpsResponse other = answer(routes, OpsRequest.of("GET", "/x").withHeader("Origin", "https://evil.example.com"));
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(other.header("Access-Control-Allow-Methods")).isNotNull();
    }

    @Test
    void tooLargeUsesTheHandlersOwnFormat() {
        OpsRoutes routes = new OpsRoutes(List.of("*"), 1024);
        routes.prefix("/api", new OpsHandler() {
            @Override
            public CompletableFuture<OpsResponse> handle(OpsRequest request) {
                return CompletableFuture.completedFuture(OpsResponse.empty(204));
            }

            @Override
            public OpsResponse tooLarge(OpsRequest head, int limit) {
                return OpsResponse.json(413, Map.of("error", Map.of("code", "PAYLOAD_TOO_LARGE", "limit", limit)));
            }
        });
        assertThat(routes.tooLarge(OpsRequest.of("POST", "/api/rooms")).bodyText())
                .contains("\"code\":\"PAYLOAD_TOO_LARGE\"", "\"limit\":1024");
        OpsResponse generic = routes.tooLarge(OpsRequest.of("POST", "/health"));
        assertThat(generic.status()).isEqualTo(413);
        assertThat(generic.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void requestsParseTheirTargetAndHeaders() {
        OpsRequest request = OpsRequest.of("post", "/api/rooms/a%2Fb+c?limit=5&x#frag",
                Map.of("X-Twice", List.of("1"), "x-twice", List.of("2")), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/api/rooms/a%2Fb+c");
        assertThat(request.path()).isEqualTo("/api/rooms/a/b+c");
        assertThat(request.rawQuery()).isEqualTo("limit=5&x");
        assertThat(request.headers().get("X-TWICE")).containsExactlyInAnyOrder("1", "2");
        assertThat(request.bodyLength()).isEqualTo(2);
        assertThat(OpsRequest.of("GET", "/bad%zz").path()).isEqualTo("/bad%zz");
        assertThatThrownBy(() -> OpsRequest.of("GET", "*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpsRequest.of("GET", "http://host")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTransportFallsBackToNio() {
        assertThat(OpsTransport.choose(false).name()).isEqualTo("nio");
        assertThat(OpsTransport.best().name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
    }
}
