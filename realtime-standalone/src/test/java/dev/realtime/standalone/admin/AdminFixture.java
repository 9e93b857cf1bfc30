package dev.realtime.standalone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.standalone.http.OpsHttpServer;
import dev.realtime.standalone.http.OpsSettings;
import dev.realtime.testkit.FakeAuthenticator;
import dev.realtime.testkit.InProcessTransport;
import dev.realtime.testkit.TestClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A node with an in-process transport (tokens are {@code user:<id>}) and the admin API on a free port, plus
 * an HTTP client for it.
 */
final class AdminFixture implements AutoCloseable {
    static final String TOKEN = "test-admin-token-0123456789abcdef";

    final InProcessTransport transport = new InProcessTransport();
    final Realtime realtime;
    final AdminApi api;
    private final OpsHttpServer http;
    private final HttpClient client = HttpClient.newHttpClient();

    final InMemoryStore store = new InMemoryStore();

    AdminFixture() {
        realtime = Realtime.builder().options(RealtimeOptions.builder().nodeId("admin-test").build())
                .store(store).authenticator(FakeAuthenticator.INSTANCE).transport(transport).build();
        realtime.start();
        http = new OpsHttpServer(new OpsSettings("127.0.0.1", 0, List.of("*"), true, "/health", false, "/metrics"),
                realtime::health, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> Map.of("connections", Map.of("total", realtime.connectionCount())));
        api = new AdminApi(realtime, store, TOKEN,
                () -> Map.of("connections", Map.of("total", realtime.connectionCount())));
        api.mountOn(http);
        http.start();
    }

    int port() {
        return http.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    TestClient connect(String userId) {
        return transport.connect("user:" + userId);
    }

    /** A request with the admin token; {@code body} is JSON text or null. */
    Reply call(String method, String path, String body) {
        return call(method, path, body, "Bearer " + TOKEN);
    }

    Reply call(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : Json.reader().readTree(response.body());
            return new Reply(response.statusCode(), json, response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        realtime.close();
    }

    /**
     * @param status          HTTP status
     * @param json            parsed body, null when empty
     * @param wwwAuthenticate the challenge header, if any
     */
    record Reply(int status, JsonNode json, String wwwAuthenticate) {
        String errorCode() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + json;
        }
    }
}
