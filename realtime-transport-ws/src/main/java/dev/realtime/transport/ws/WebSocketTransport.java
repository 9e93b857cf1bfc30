package dev.realtime.transport.ws;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionGateway;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.transport.common.internal.codec.JsonCodec;
import dev.realtime.transport.common.internal.codec.SocketIoCodec;
import dev.realtime.transport.common.internal.codec.WireCodec;
import dev.realtime.transport.common.internal.connection.JsonConnection;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import dev.realtime.transport.common.internal.connection.ProtocolContext;
import dev.realtime.transport.common.internal.connection.ProtocolSettings;
import dev.realtime.transport.common.internal.connection.SocketIoConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport: Socket.IO v5 (Engine.IO v4) clients at {@code /socket.io/?EIO=4&transport=websocket}
 * and plain JSON clients at {@code /ws}, on one port.
 *
 * <pre>{@code
 * WebSocketTransport ws = WebSocketTransport.create(WsTransportOptions.builder().port(3101).build(), registry);
 * Realtime rt = Realtime.builder().transport(ws).build();
 * rt.start();   // starts the transport too
 * }</pre>
 *
 * <p>Guarantees: I/O threads never block; an event going to many connections is encoded once per
 * protocol and the same bytes are queued for each; a connection whose unsent output passes
 * {@link WsTransportOptions#maxOutboundBytes()} is closed with 1008; an exception in any handler is
 * logged and contained.
 */
public final class WebSocketTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final int STOP_TIMEOUT_MILLIS = 5_000;

    private final WsTransportOptions options;
    private final MeterRegistry registry;
    private volatile RealtimeWsServer server;
    private Timers timers;
    private SocketWriter writer;
    private HeartbeatSweep heartbeats;
    private TransportMetrics metrics;

    private WebSocketTransport(WsTransportOptions options, MeterRegistry registry) {
        this.options = Objects.requireNonNull(options, "options");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A transport with the given options, reporting its meters to {@code registry}. */
    public static WebSocketTransport create(WsTransportOptions options, MeterRegistry registry) {
        return new WebSocketTransport(options, registry);
    }

    /** A transport with the given options and private meters. */
    public static WebSocketTransport create(WsTransportOptions options) {
        return new WebSocketTransport(options, new SimpleMeterRegistry());
    }

    public WsTransportOptions options() {
        return options;
    }

    @Override
    public synchronized void start(ConnectionGateway gateway) {
        Objects.requireNonNull(gateway, "gateway");
        if (server != null) {
            throw new IllegalStateException("transport already started");
        }
        timers = new Timers();
        writer = new SocketWriter("realtime-ws-writer", (output, error) -> {
            LOG.debug("writing to {} failed: {}", output.channel(), error.toString());
            output.socket().abort(CloseFrame.ABNORMAL_CLOSE, "write failed");
        });
        HandshakePolicy policy = new HandshakePolicy(options);
        metrics = new TransportMetrics(registry, this::openConnections);
        ProtocolSettings settings = new ProtocolSettings(options.pingInterval(), options.pingTimeout(),
                options.authTimeout(), options.maxPayloadBytes(), options.maxPreAuthPayloadBytes(),
                options.maxAuthAttempts(), options.maxOutboundBytes());
        ProtocolContext ctx = new ProtocolContext(this, gateway, settings, metrics, WireCodec::eventFrame);
        SocketWriter socketWriter = writer;
        Timers socketTimers = timers;
        RealtimeWsServer created = new RealtimeWsServer(options, policy, opening -> {
            WsSocketIo io = new WsSocketIo(opening.socket(), socketWriter, socketTimers, options);
            return opening.route() == HandshakePolicy.Route.SOCKET_IO
                    ? new SocketIoConnection(ctx, io, opening.facts(), ConnectionIds.random())
                    : new JsonConnection(ctx, io, opening.facts(), ConnectionIds.random());
        }, metrics);
        created.setWebSocketFactory(new TrackedSocketFactory(policy, timers, options, writer,
                decision -> metrics.handshakeRefused(decision.status()), metrics::handshakeTimeout,
                violation -> metrics.protocolViolation(violation.code())));
        created.start();
        try {
            created.started().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            closeThreads();
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            closeThreads();
            throw new IllegalStateException("WebSocket server did not start in " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeThreads();
            throw new IllegalStateException("interrupted while starting", e);
        }
        server = created;
        heartbeats = new HeartbeatSweep(timers, options.pingInterval(), created.openConnections());
        LOG.info("WebSocket transport listening on {}:{} (Socket.IO at {}, JSON at {})", options.host(), port(),
                HandshakePolicy.SOCKET_IO_PATH, HandshakePolicy.JSON_PATH);
    }

    /** The port actually bound (useful when the options asked for port 0); -1 before start. */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    /** Open WebSocket connections, authenticated or not. */
    public int openConnections() {
        RealtimeWsServer s = server;
        return s == null ? 0 : s.openConnections().size();
    }

    /** Connections closed so far because they did not read their output. */
    public long slowReadersClosed() {
        return metrics == null ? 0 : (long) metrics.slowReadersClosed();
    }

    @Override
    public void fanOut(OutboundEvent event, List<? extends ConnectionChannel> recipients) {
        ByteBuffer socketIoFrame = null;
        ByteBuffer jsonFrame = null;
        for (ConnectionChannel channel : recipients) {
            if (!(channel instanceof ProtocolConnection connection) || connection.transport() != this) {
                channel.send(event);
                continue;
            }
            if (connection.codec() == SocketIoCodec.INSTANCE) {
                if (socketIoFrame == null) {
                    socketIoFrame = SocketIoCodec.INSTANCE.eventFrame(event);
                }
                connection.deliver(socketIoFrame);
            } else {
                if (jsonFrame == null) {
                    jsonFrame = JsonCodec.INSTANCE.eventFrame(event);
                }
                connection.deliver(jsonFrame);
            }
        }
    }

    @Override
    public void stop() {
        RealtimeWsServer s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s == null) {
            return;
        }
        List<ProtocolConnection> remaining = new ArrayList<>(s.openConnections());
        for (ProtocolConnection connection : remaining) {
            connection.goingAway();
        }
        try {
            s.stop(STOP_TIMEOUT_MILLIS, CloseReason.GOING_AWAY.message());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProtocolConnection connection : remaining) {
            connection.closed(CloseReason.GOING_AWAY);
        }
        closeThreads();
        LOG.info("WebSocket transport stopped");
    }

    private void closeThreads() {
        if (heartbeats != null) {
            heartbeats.close();
        }
        timers.close();
        writer.close();
    }
}
