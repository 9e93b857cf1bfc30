package dev.realtime.standalone.http;

import dev.realtime.core.HealthReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations HTTP server on its own port (the WebSocket library serves no plain HTTP): health, metrics,
 * and whatever is {@link #route mounted} later (the admin API under {@code /api}). Every answer carries CORS
 * headers for the configured origins; an unknown path gets a JSON 404; a failing handler a JSON 500.
 *
 * <p>One Netty event loop thread does all the I/O, so a slow or silent client holds a connection, never a
 * thread. Each client is bounded by {@link OpsLimits}: a cap on open connections, deadlines for the request head,
 * the body, the answer and keep-alive idleness, and size limits on the request line, the headers and the body.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
    /** Requests a pipelining client may send ahead of its answers before the connection is closed. */
    private static final int MAX_PIPELINED = 16;
    private static final int MAX_CHUNK_BYTES = 8 * 1024;

    private final OpsSettings settings;
    private final OpsTransport transport;
    private final OpsRoutes routes;
    private final OpsMetrics metrics;
    private final ConnectionGate gate;
    private final EventLoopGroup loop;
    private final ChannelGroup channels = new DefaultChannelGroup("realtime-ops-http", GlobalEventExecutor.INSTANCE);
    private volatile Channel listener;

    /**
     * @param health     the node's health report
     * @param registry   meters to expose in Prometheus format; the port's own meters are added to it
     * @param statistics the JSON statistics for {@code Accept: application/json}
     */
    public OpsHttpServer(OpsSettings settings, Supplier<HealthReport> health, PrometheusMeterRegistry registry,
                         Supplier<Map<String, Object>> statistics) {
        this(settings, health, registry, statistics, OpsTransport.best());
    }

    OpsHttpServer(OpsSettings settings, Supplier<HealthReport> health, PrometheusMeterRegistry registry,
                  Supplier<Map<String, Object>> statistics, OpsTransport transport) {
        this.settings = settings;
        this.transport = transport;
        this.routes = new OpsRoutes(settings.corsOrigins(), settings.limits().maxBodyBytes());
        if (settings.healthEnabled()) {
            routes.exact(settings.healthPath(), new HealthHandler(health));
        }
        if (settings.metricsEnabled()) {
            routes.exact(settings.metricsPath(), new MetricsHandler(registry, statistics));
        }
        this.gate = new ConnectionGate(settings.limits().maxConnections(), this::countRefused);
        this.metrics = new OpsMetrics(registry, gate::open);
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("realtime-ops-http", true),
                transport.io());
    }

    private void countRefused() {
        metrics.refused();
    }

    /**
     * Serves {@code path} and everything below it with {@code handler}, behind CORS and error containment. The
     * handler is called on the event loop: see {@link OpsHandler}.
     */
    public void route(String path, OpsHandler handler) {
        routes.prefix(path, handler);
    }

    /**
     * Binds the port.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public void start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop, loop)
                .channel(transport.channel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connect(channel);
                    }
                });
        try {
            listener = bootstrap.bind(new InetSocketAddress(settings.host(), settings.port())).syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the BindException unchecked
            close();
            String message = "cannot listen on " + settings.host() + ":" + settings.port() + " for HTTP: "
                    + e.getMessage();
            throw new UncheckedIOException(message, new BindException(message));
        }
        LOG.info("operations HTTP on {}:{} ({}){}{}", settings.host(), port(), transport.name(),
                settings.healthEnabled() ? " health=" + settings.healthPath() : "",
                settings.metricsEnabled() ? " metrics=" + settings.metricsPath() : "");
    }

    /** Builds one admitted connection's pipeline: bytes → deadlines → HTTP codec → body limit → handlers. */
    private void connect(Channel channel) {
        if (!gate.admit(channel)) {
            return;
        }
        channels.add(channel);
        OpsLimits limits = settings.limits();
        RequestClock clock = new RequestClock(channel, limits, metrics);
        channel.pipeline()
                .addLast("deadline-bytes", clock.bytes())
                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(OpsLimits.MAX_INITIAL_LINE_BYTES)
                        .setMaxHeaderSize(OpsLimits.MAX_HEADER_BYTES)
                        .setMaxChunkSize(MAX_CHUNK_BYTES), MAX_PIPELINED))
                .addLast("deadline-messages", clock.messages())
                .addLast("body", new BodyLimit(limits.maxBodyBytes()))
                .addLast("dispatch", new OpsDispatcher(routes, clock));
        clock.start();
    }

    /** The bound port. */
    public int port() {
        Channel bound = listener;
        if (bound == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** Stops listening, closes every connection and ends the event loop. */
    @Override
    public void close() {
        Channel bound = listener;
        if (bound != null) {
            bound.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        metrics.close();
    }
}
