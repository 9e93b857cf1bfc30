package dev.realtime.standalone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.HealthReport;
import dev.realtime.standalone.http.OpsHttpServer;
import dev.realtime.standalone.http.OpsRequest;
import dev.realtime.standalone.http.OpsResponse;
import dev.realtime.standalone.http.OpsSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slow admin request neither blocks {@code /health} nor queues without bound. */
class AdminWorkersTest {
    private static final HealthReport OK = new HealthReport("ok", "n1", 1, 0, 0,
            new HealthReport.StoreHealth("memory", true, true, 0, 0),
            new HealthReport.BusHealth("local", true, List.of()));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private OpsHttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBusyAdminPoolRefusesWith503WhileHealthStillAnswers() throws Exception {
        server = new OpsHttpServer(new OpsSettings("127.0.0.1", 0, List.of("*"), true, "/health", false, "/metrics"),
                () -> OK, registry, Map::of);
        server.route("/api", new AdminWorkers(request -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AdminHandler.toOps(ApiResponse.ok(Map.of("done", true)));
        }, 1, 0, registry));
        server.start();

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(request("/api/slow"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the slow request reached its worker").isTrue();

        HttpResponse<String> refused = http.send(request("/api/other"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("\"code\":\"UNAVAILABLE\"");
        assertThat(http.send(request("/health"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(registry.get("realtime.admin.rejected").counter().count()).isEqualTo(1.0);

        release.countDown();
        HttpResponse<String> done = slow.get(30, TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("done");
    }

    @Test
    void everyRequestIsAnsweredEvenWhenItsWorkFails() {
        server = null;
        OpsRequest request = OpsRequest.of("GET", "/api/x");
        AdminWorkers failing = new AdminWorkers(r -> {
            throw new IllegalStateException("bug");
        }, 1, 0, registry);
        OpsResponse internal = failing.handle(request).toCompletableFuture().join();
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.bodyText()).contains("\"code\":\"INTERNAL_ERROR\"").doesNotContain("bug");

        AdminWorkers dying = new AdminWorkers(r -> {
            throw new StackOverflowError();
        }, 1, 0, registry);
        assertThat(dying.handle(request).toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(StackOverflowError.class);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }
}
