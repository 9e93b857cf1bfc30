package dev.realtime.standalone.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Adds CORS headers for the configured origins and answers preflight requests. */
final class Cors implements HttpHandler {
    private final List<String> origins;
    private final HttpHandler next;

    Cors(List<String> origins, HttpHandler next) {
        this.origins = origins.stream().map(o -> strip(o.toLowerCase(Locale.ROOT))).toList();
        this.next = next;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origins.contains("*")) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        } else if (origin != null && origins.contains(strip(origin.toLowerCase(Locale.ROOT)))) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            exchange.getResponseHeaders().add("Vary", "Origin");
        }
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
        if ("OPTIONS".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        next.handle(exchange);
    }

    private static String strip(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
