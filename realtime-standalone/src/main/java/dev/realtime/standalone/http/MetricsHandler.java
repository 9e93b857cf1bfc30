package dev.realtime.standalone.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Prometheus text by default; the original server's JSON statistics when the client
 * asks for {@code application/json}.
 */
final class MetricsHandler implements HttpHandler {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Supplier<Map<String, Object>> statistics;

    MetricsHandler(PrometheusMeterRegistry registry, Supplier<Map<String, Object>> statistics) {
        this.registry = registry;
        this.statistics = statistics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!OpsHttpServer.isRead(exchange)) {
            HttpExchanges.json(exchange, 405, Map.of("error", "method not allowed"));
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains("application/json")) {
            HttpExchanges.json(exchange, 200, statistics.get());
            return;
        }
        HttpExchanges.send(exchange, 200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
