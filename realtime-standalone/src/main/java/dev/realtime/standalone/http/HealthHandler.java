package dev.realtime.standalone.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.realtime.core.HealthReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /health}: the node's state as JSON; 503 when a backing service is down. */
final class HealthHandler implements HttpHandler {
    private final Supplier<HealthReport> health;

    HealthHandler(Supplier<HealthReport> health) {
        this.health = health;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!OpsHttpServer.isRead(exchange)) {
            HttpExchanges.json(exchange, 405, Map.of("error", "method not allowed"));
            return;
        }
        HealthReport report = health.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status());
        body.put("nodeId", report.nodeId());
        body.put("uptime", report.uptimeSeconds());
        body.put("connections", report.connections());
        body.put("rooms", report.rooms());
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("store", Map.of("name", report.store().name(), "status", report.store().ok() ? "ok" : "down",
                "pendingWrites", report.store().pendingWrites(), "droppedWrites", report.store().droppedWrites()));
        services.put("bus", Map.of("name", report.bus().name(), "status", report.bus().connected() ? "ok" : "down",
                "peers", report.bus().peers()));
        body.put("services", services);
        HttpExchanges.json(exchange, report.ok() ? 200 : 503, body);
    }
}
