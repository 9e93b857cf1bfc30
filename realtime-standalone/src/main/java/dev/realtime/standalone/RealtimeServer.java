package dev.realtime.standalone;

import dev.realtime.core.HealthReport;
import dev.realtime.core.PhaseTimer;
import dev.realtime.core.Realtime;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.Authenticator;
import dev.realtime.core.spi.store.Store;
import dev.realtime.standalone.admin.AdminApi;
import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.ServerConfig;
import dev.realtime.standalone.config.TransportKind;
import dev.realtime.standalone.http.OpsHttpServer;
import dev.realtime.standalone.http.OpsSettings;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running standalone node: the engine with its WebSocket transport, the start-up rooms, and the
 * operations HTTP server. The client port is bound first and served last: connections that arrive while the
 * node starts wait in the accept queue until everything else is ready. {@link #close()} stops accepting, closes connections with 1001 and flushes the
 * background writers.
 */
public final class RealtimeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeServer.class);

    private final Realtime realtime;
    private final ClientTransport transport;
    private final OpsHttpServer http;

    private RealtimeServer(Realtime realtime, ClientTransport transport, OpsHttpServer http) {
        this.realtime = realtime;
        this.transport = transport;
        this.http = http;
    }

    /**
     * Wires and starts a node that verifies tokens as the configuration says (JWT secret, public key or JWKS URL,
     * checked on the node's clock), or lets only anonymous clients in when none is set.
     *
     * @throws ConfigException when the JWT settings cannot be used
     */
    public static RealtimeServer start(ServerConfig config) {
        JwtOptions jwt = AuthenticatorFactory.jwtOptions(config);
        return wire(config, builder -> {
            if (jwt != null) {
                builder.jwt(jwt);
            }
        });
    }

    /**
     * Wires and starts a node with a verifier of the host's; the node closes it when it is
     * {@link AutoCloseable}.
     *
     * @param authenticator verifies tokens (null only when anonymous access is on)
     */
    public static RealtimeServer start(ServerConfig config, Authenticator authenticator) {
        return wire(config, builder -> {
            if (authenticator != null) {
                builder.authenticator(authenticator);
            }
        });
    }

    private static RealtimeServer wire(ServerConfig config, Consumer<Realtime.Builder> verification) {
        if (config.enableCompression()) {
            LOG.warn("REALTIME_ENABLE_COMPRESSION is ignored: frames are encoded once and shared by every "
                    + "recipient, which per-connection compression would defeat");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClientTransport transport = ClientTransport.create(config, registry);
        transport.listenEarly();
        Store store;
        Realtime realtime;
        try {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            store = Backends.store(config);
            realtime = build(config, store, verification, registry, transport);
        } catch (RuntimeException e) {
            transport.transport().stop();
            throw e;
        }
        OpsHttpServer http = null;
        try {
            realtime.start();
            http = new OpsHttpServer(new OpsSettings(config.host(), config.httpPort(), config.corsOrigins(),
                    config.enableHealth(), config.healthPath(), config.enableMetrics(), config.metricsPath(),
                    config.opsLimits()),
                    realtime::health, registry, () -> statistics(realtime, transport));
            if (config.adminToken() != null) {
                new AdminApi(realtime, store, config.adminToken(), () -> statistics(realtime, transport)).mountOn(http);
            }
            http.start();
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            realtime.close();
            throw e;
        }
        RealtimeServer server = new RealtimeServer(realtime, transport, http);
        LOG.info("realtime ready: WebSocket port {}, HTTP port {}, rooms {} ({} transport)", server.port(),
                server.httpPort(), config.rooms(), transport.name());
        return server;
    }

    private static Realtime build(ServerConfig config, Store store, Consumer<Realtime.Builder> verification,
                                  PrometheusMeterRegistry registry, ClientTransport transport) {
        Realtime.Builder builder = Realtime.builder()
                .options(config.realtimeOptions())
                .store(store)
                .bus(Backends.bus(config))
                .meterRegistry(registry)
                .transport(transport.transport());
        Backends.history(config, store, builder);
        Backends.recovery(config, builder);
        verification.accept(builder);
        for (String room : config.rooms()) {
            builder.room(Room.builder(room).build());
        }
        return builder.build();
    }

    /** CPU time of the whole process so far, where the JVM reports it (else 0). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** The original server's JSON statistics. */
    static Map<String, Object> statistics(Realtime realtime, ClientTransport transport) {
        HealthReport health = realtime.health();
        List<ConnectionInfo> connections = realtime.connections();
        long anonymous = connections.stream().filter(ConnectionInfo::anonymous).count();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("nodeId", health.nodeId());
        stats.put("uptime", health.uptimeSeconds());
        stats.put("connections", Map.of("total", connections.size(), "authenticated", connections.size() - anonymous,
                "anonymous", anonymous, "sockets", transport.openConnections().getAsInt()));
        stats.put("rooms", health.rooms());
        stats.put("slowReadersClosed", transport.slowReadersClosed().getAsLong());
        stats.put("memory", Map.of("heapUsed", heap.getUsed(), "heapCommitted", heap.getCommitted(),
                "heapMax", heap.getMax()));
        return stats;
    }

    public Realtime realtime() {
        return realtime;
    }

    /** The WebSocket port actually bound. */
    public int port() {
        return transport.port().getAsInt();
    }

    /** True when clients may start with HTTP long-polling (a default {@code io(url)}), false for WebSocket only. */
    public boolean servesPolling() {
        return !TransportKind.JAVA_WEBSOCKET.wireName().equals(transport.name());
    }

    /** The operations HTTP port actually bound. */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        LOG.info("shutting down: closing connections and flushing");
        PhaseTimer timer = new PhaseTimer();
        long cpuBefore = processCpuNanos();
        http.close();
        timer.lap("HTTP server");
        realtime.close(); // closes the authenticator too
        timer.lap("node");
        // CPU as well as time: on a busy machine the stop waits for a core more than it works
        LOG.info("shut down: {} ({} ms of CPU)", timer, (processCpuNanos() - cpuBefore) / 1_000_000);
    }
}
