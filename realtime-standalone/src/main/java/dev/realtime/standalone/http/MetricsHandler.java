package dev.realtime.standalone.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Prometheus text by default; the original server's JSON statistics when the client
 * asks for {@code application/json}. Answered on the event loop: both are read from memory.
 */
final class MetricsHandler implements OpsHandler {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Supplier<Map<String, Object>> statistics;

    MetricsHandler(PrometheusMeterRegistry registry, Supplier<Map<String, Object>> statistics) {
        this.registry = registry;
        this.statistics = statistics;
    }

    @Override
    public CompletionStage<OpsResponse> handle(OpsRequest request) {
        return CompletableFuture.completedFuture(answer(request));
    }

    OpsResponse answer(OpsRequest request) {
        if (!request.isRead()) {
            return OpsRoutes.methodNotAllowed();
        }
        String accept = request.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            return OpsResponse.json(200, statistics.get());
        }
        return OpsResponse.of(200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
