package dev.realtime.standalone.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.realtime.core.HealthReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations HTTP server on its own port (the WebSocket library serves no plain HTTP): health, metrics,
 * and whatever is {@link #route mounted} later (the admin API under {@code /api}). Every answer carries CORS
 * headers for the configured origins; an unknown path gets a JSON 404; a failing handler a JSON 500.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    static {
        // The JDK server writes headers and body in separate packets: without TCP_NODELAY every request on a
        // keep-alive connection waits for the client's delayed ACK (about 40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final OpsSettings settings;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param health     the node's health report
     * @param registry   meters to expose in Prometheus format
     * @param statistics the JSON statistics for {@code Accept: application/json}
     */
    public OpsHttpServer(OpsSettings settings, Supplier<HealthReport> health, PrometheusMeterRegistry registry,
                         Supplier<Map<String, Object>> statistics) {
        this.settings = settings;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port()
                    + " for HTTP: " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "realtime-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        if (settings.healthEnabled()) {
            route(settings.healthPath(), exactly(settings.healthPath(), new HealthHandler(health)));
        }
        if (settings.metricsEnabled()) {
            route(settings.metricsPath(), exactly(settings.metricsPath(), new MetricsHandler(registry, statistics)));
        }
        server.createContext("/", guarded(exchange ->
                HttpExchanges.json(exchange, 404, Map.of("error", "not found", "path", exchange.getRequestURI().getPath()))));
    }

    /** Serves {@code path} (and everything below it) with {@code handler}, behind CORS and error containment. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, guarded(handler));
    }

    public void start() {
        server.start();
        LOG.info("operations HTTP on {}:{}{}{}", settings.host(), port(),
                settings.healthEnabled() ? " health=" + settings.healthPath() : "",
                settings.metricsEnabled() ? " metrics=" + settings.metricsPath() : "");
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isRead(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
    }

    /** The JDK server matches contexts by prefix; health and metrics answer their exact path only. */
    private static HttpHandler exactly(String path, HttpHandler handler) {
        return exchange -> {
            String requested = exchange.getRequestURI().getPath();
            if (requested.equals(path) || requested.equals(path + "/")) {
                handler.handle(exchange);
            } else {
                HttpExchanges.json(exchange, 404, Map.of("error", "not found", "path", requested));
            }
        };
    }

    private HttpHandler guarded(HttpHandler handler) {
        HttpHandler cors = new Cors(settings.corsOrigins(), handler);
        return exchange -> {
            try {
                cors.handle(exchange);
            } catch (IOException e) {
                LOG.debug("HTTP client went away: {}", e.toString());
                exchange.close();
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                try {
                    HttpExchanges.json(exchange, 500, Map.of("error", "internal error"));
                } catch (IOException | RuntimeException ignored) {
                    exchange.close();
                }
            }
        };
    }
}
