package dev.realtime.standalone.http;

import dev.realtime.core.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /health}: the node's state as JSON; 503 when a backing service is down. Answered on the event
 * loop: the report is read from memory (the store's availability is probed in the background).
 */
final class HealthHandler implements OpsHandler {
    private final Supplier<HealthReport> health;

    HealthHandler(Supplier<HealthReport> health) {
        this.health = health;
    }

    @Override
    public CompletionStage<OpsResponse> handle(OpsRequest request) {
        return CompletableFuture.completedFuture(answer(request));
    }

    OpsResponse answer(OpsRequest request) {
        if (!request.isRead()) {
            return OpsRoutes.methodNotAllowed();
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
        return OpsResponse.json(report.ok() ? 200 : 503, body);
    }
}
