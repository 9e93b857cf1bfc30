package dev.realtime.transport.netty;

import dev.realtime.core.PhaseTimer;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.transport.common.internal.Heartbeat;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import dev.realtime.transport.common.internal.connection.ProtocolContext;
import dev.realtime.transport.common.internal.connection.ProtocolSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty transport: Socket.IO v5 (Engine.IO v4) clients at {@code /socket.io/?EIO=4&transport=websocket}
 * and plain JSON clients at {@code /ws}, on one port; native epoll where available, NIO otherwise. A drop-in
 * replacement for the Java-WebSocket transport:
 *
 * <pre>{@code
 * Realtime rt = Realtime.builder().transport(NettyTransport.create(NettyTransportOptions.defaults())).build();
 * }</pre>
 *
 * <p>Guarantees: event-loop threads never block; an event going to many connections is encoded once per
 * protocol and the same bytes are written to each; a connection whose unsent output passes
 * {@link NettyTransportOptions#maxOutboundBytes()} is dropped with 1008; heartbeats are sent by one sweep per
 * event loop over its connections (no timer per connection); an exception in any handler is logged and contained.
 */
public final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

    private final NettyTransportOptions options;
    private final MeterRegistry registry;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private volatile Channel server;
    private volatile boolean nativeTransport;
    private EventLoopGroup group;
    private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
    /** The handlers of each accepted connection; null until start. */
    private volatile NettyPipeline pipeline;
    private NettyMetrics metrics;

    private NettyTransport(NettyTransportOptions options, MeterRegistry registry) {
        this.options = Objects.requireNonNull(options, "options");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A transport with the given options, reporting its meters to {@code registry}. */
    public static NettyTransport create(NettyTransportOptions options, MeterRegistry registry) {
        return new NettyTransport(options, registry);
    }

    /** A transport with the given options and private meters. */
    public static NettyTransport create(NettyTransportOptions options) {
        return new NettyTransport(options, new SimpleMeterRegistry());
    }

    public NettyTransportOptions options() {
        return options;
    }

    /**
     * Binds the port now but accepts nothing until {@link #start}: connections that arrive meanwhile wait in the
     * kernel's accept queue (up to the accept backlog). A node restarting under a reconnect storm calls this
     * before wiring its engine, so that clients coming back early wait for it instead of being refused and
     * backing off for seconds. Optional: {@code start} binds when this was not called.
     *
     * @throws IllegalStateException when the port cannot be bound or the transport already listens
     */
    public synchronized void listen() {
        if (server != null) {
            throw new IllegalStateException("transport already listening");
        }
        boolean epoll = Epoll.isAvailable();
        nativeTransport = epoll;
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("realtime-netty", true),
                io);
        long high = options.maxOutboundBytes();
        try {
            server = new ServerBootstrap().group(group).channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, options.acceptBacklog())
                    .option(ChannelOption.AUTO_READ, false) // no accepting before start
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // the slow-reader bound: a channel whose pending output passes it turns unwritable
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            (int) Math.min(Integer.MAX_VALUE, high / 2), (int) Math.min(Integer.MAX_VALUE, high)))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(pipeline); // set by start, before the first accept
                        }
                    })
                    .bind(options.host(), options.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void start(ConnectionGateway gateway) {
        Objects.requireNonNull(gateway, "gateway");
        if (pipeline != null) {
            throw new IllegalStateException("transport already started");
        }
        if (server == null) {
            listen();
        }
        PollingSessions sessions = new PollingSessions(options);
        metrics = new NettyMetrics(registry, connections::size, sessions::waitingPolls);
        ProtocolSettings settings = new ProtocolSettings(options.pingInterval(), options.pingTimeout(),
                options.authTimeout(), options.maxPayloadBytes(), options.maxPreAuthPayloadBytes(),
                options.maxAuthAttempts(), options.maxOutboundBytes());
        NettyContext ctx = new NettyContext(new ProtocolContext(this, gateway, settings, metrics, SharedFrames::event),
                options, metrics, connections);
        pipeline = new NettyPipeline(ctx, sessions);
        long period = Heartbeat.sweepPeriod(options.pingInterval()).toNanos();
        for (EventExecutor loop : group) {
            sweeps.add(loop.scheduleAtFixedRate(() -> heartbeatSweep(loop), period, period, TimeUnit.NANOSECONDS));
        }
        server.config().setAutoRead(true); // accepts what waited in the queue, then everything that comes
        LOG.info("Netty transport ({}) listening on {}:{} (Socket.IO at {}, JSON at {})",
                nativeTransport ? "epoll" : "nio", options.host(), port(), Route.SOCKET_IO_PATH, Route.JSON_PATH);
    }

    /**
     * One pass over the connections of one event loop, on that loop: the pings that are due are written there
     * and leave together, with no hand-over to another thread; overdue answers end connections. Each loop
     * sweeps its own share, so no loop writes to another loop's channels.
     */
    private void heartbeatSweep(EventExecutor loop) {
        long now = System.nanoTime();
        for (ProtocolConnection connection : connections.all()) {
            if (!(connection.io() instanceof Outlet outlet) || outlet.executor() != loop) {
                continue;
            }
            try {
                connection.heartbeatCheck(now);
            } catch (RuntimeException e) {
                metrics.handlerError();
                LOG.error("heartbeat check of {} failed", connection.sessionId(), e);
            }
        }
    }

    /** The port actually bound (useful when the options asked for port 0); -1 before start. */
    public int port() {
        Channel s = server;
        return s == null ? -1 : ((InetSocketAddress) s.localAddress()).getPort();
    }

    /** True when the transport runs on native epoll rather than NIO (known once started). */
    public boolean usesNativeTransport() {
        return nativeTransport;
    }

    /** Open connections (WebSocket and long-polling), authenticated or not. */
    public int openConnections() {
        return connections.size();
    }

    /** Connections closed so far because they did not read their output. */
    public long slowReadersClosed() {
        return metrics == null ? 0 : (long) metrics.slowReadersClosed();
    }

    /**
     * Ends every connection for a stop: one task per event loop says goodbye to each of its connections (a close
     * frame 1001, or what {@link ProtocolConnection#goingAway()} chooses) and closes it at once, without waiting
     * for the client's answer, since the server is going away either way. Waits for those tasks at most the
     * close timeout; whatever is left is cut from here.
     */
    private void closeAll() {
        Map<EventExecutor, List<ProtocolConnection>> byLoop = new HashMap<>();
        for (ProtocolConnection connection : connections.all()) {
            Outlet outlet = (Outlet) connection.io();
            byLoop.computeIfAbsent(outlet.executor(), loop -> new ArrayList<>()).add(connection);
        }
        List<Future<?>> passes = new ArrayList<>();
        byLoop.forEach((loop, list) -> passes.add(loop.submit(() -> list.forEach(this::endForStop))));
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        for (Future<?> pass : passes) {
            pass.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        for (ProtocolConnection connection : List.copyOf(connections.all())) {
            endForStop(connection); // a pass that did not finish in time, or a connection opened meanwhile
        }
    }

    private void endForStop(ProtocolConnection connection) {
        try {
            connection.goingAway();
            if (connection.io() instanceof PollingSession polling) {
                // a waiting poll got the close packet; one that is not polling now cannot be told, nor waited for
                polling.abort(CloseReason.GOING_AWAY);
            } else {
                ((Outlet) connection.io()).abort(CloseReason.GOING_AWAY); // after the goodbye was flushed
            }
        } finally {
            connections.closed(connection, CloseReason.GOING_AWAY);
        }
    }

    @Override
    public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
        FanoutBatch batch = new FanoutBatch(event);
        for (ConnectionChannel channel : recipients) {
            if (channel instanceof ProtocolConnection connection && connection.transport() == this
                    && connection.io() instanceof Outlet outlet) {
                batch.add(connection, outlet.executor());
            } else {
                channel.send(event);
            }
        }
        batch.dispatch();
    }

    @Override
    public void stop() {
        Channel s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s == null) {
            return;
        }
        PhaseTimer timer = new PhaseTimer();
        s.close().syncUninterruptibly();
        sweeps.forEach(sweep -> sweep.cancel(false));
        sweeps.clear();
        timer.lap("listener");
        int closing = connections.size();
        closeAll();
        timer.lap("closing " + closing + " connections");
        group.shutdownGracefully(0, options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        timer.lap("event loops");
        LOG.info("Netty transport stopped: {}", timer);
    }
}
