package dev.realtime.transport.ws;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.HandshakeFacts;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket library's server, reduced to routing its callbacks to {@link ProtocolConnection}s. Every callback
 * contains its own failures: an exception escaping to the library would stop the whole server.
 */
final class RealtimeWsServer extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeWsServer.class);

    private final HandshakePolicy policy;
    private final Function<Opening, ProtocolConnection> connections;
    private final TransportMetrics metrics;
    private final Set<ProtocolConnection> open = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /** A socket that completed its upgrade, with what is needed to build its connection. */
    record Opening(TrackedWebSocket socket, HandshakePolicy.Route route, HandshakeFacts facts) {
    }

    RealtimeWsServer(WsTransportOptions options, HandshakePolicy policy, Function<Opening, ProtocolConnection> connections,
                     TransportMetrics metrics) {
        super(new InetSocketAddress(options.host(), options.port()), options.ioThreads(),
                List.<Draft>of(new Draft_6455(List.of(), options.maxPayloadBytes())));
        this.policy = policy;
        this.connections = connections;
        this.metrics = metrics;
        setTcpNoDelay(true);
        setReuseAddr(true);
        setDaemon(true);
        setConnectionLostTimeout(0); // our own heartbeat measures latency and detects dead peers
        setMaxPendingConnections(options.acceptBacklog());
    }

    CompletableFuture<Void> started() {
        return started;
    }

    Set<ProtocolConnection> openConnections() {
        return open;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                      ClientHandshake request)
            throws InvalidDataException {
        // The gate normally refused bad requests already; this covers requests it could not read whole.
        HandshakePolicy.Decision decision = policy.check(request.getResourceDescriptor(),
                request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null, true);
        if (!decision.accepted()) {
            metrics.handshakeRefused(decision.status());
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, decision.reason());
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        TrackedWebSocket socket = (TrackedWebSocket) conn;
        socket.handshakeDone();
        try {
            HandshakePolicy.Decision decision = policy.check(handshake.getResourceDescriptor(), null, true);
            ProtocolConnection connection = connections.apply(
                    new Opening(socket, decision.route(), facts(conn, handshake)));
            conn.setAttachment(connection);
            open.add(connection);
            connection.opened();
        } catch (RuntimeException e) {
            metrics.handlerError();
            LOG.error("opening a connection failed", e);
            conn.close(CloseFrame.UNEXPECTED_CONDITION, "internal error");
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        ProtocolConnection connection = conn.getAttachment();
        if (connection == null) {
            return;
        }
        try {
            connection.text(message);
        } catch (RuntimeException e) {
            metrics.handlerError();
            LOG.error("handling a message of connection {} failed", connection.sessionId(), e);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        ProtocolConnection connection = conn.getAttachment();
        if (connection == null) {
            return;
        }
        try {
            connection.binary();
        } catch (RuntimeException e) {
            metrics.handlerError();
            LOG.error("handling a binary message of connection {} failed", connection.sessionId(), e);
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata frame) {
        ProtocolConnection connection = conn.getAttachment();
        if (connection != null) {
            try {
                connection.wsPong();
            } catch (RuntimeException e) {
                metrics.handlerError();
                LOG.error("handling a pong failed", e);
            }
        }
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata ping) {
        // RFC 6455 5.5.3 lets an endpoint answer only the latest of several pings. While a pong still waits
        // for the socket, it answers this ping too: a client that pings and never reads queues one pong.
        if (conn instanceof TrackedWebSocket socket && socket.hasBufferedData()) {
            metrics.pongSkipped();
            return;
        }
        super.onWebsocketPing(conn, ping);
    }

    @Override
    public void onCloseInitiated(WebSocket conn, int code, String reason) {
        ProtocolConnection connection = conn.getAttachment();
        if (connection == null || code != CloseFrame.TOOBIG) {
            return;
        }
        try {
            // the library closes on an oversized message; the client first learns the code, then gets 1009
            connection.payloadTooLarge();
        } catch (RuntimeException e) {
            metrics.handlerError();
            LOG.error("reporting an oversized message failed", e);
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        ProtocolConnection connection = conn.getAttachment();
        if (connection == null) {
            return;
        }
        open.remove(connection);
        try {
            closed(connection, (TrackedWebSocket) conn, code, reason, remote);
        } catch (RuntimeException e) {
            metrics.handlerError();
            LOG.error("closing connection {} failed", connection.sessionId(), e);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null && !started.isDone()) {
            started.completeExceptionally(ex);
            return;
        }
        if (ex instanceof InvalidDataException invalid) {
            // a client's bad frame (the library closes it with the code): counted, not logged, so no client
            // can flood the log
            metrics.protocolViolation(invalid.getCloseCode());
            LOG.debug("invalid data from {}: {}", conn == null ? "?" : conn.getRemoteSocketAddress(), ex.toString());
            return;
        }
        LOG.warn("WebSocket error{}: {}", conn == null ? "" : " on " + conn.getRemoteSocketAddress(), ex.toString());
        LOG.debug("WebSocket error detail", ex);
    }

    @Override
    public void onStart() {
        started.complete(null);
    }

    /**
     * Tells the connection it is gone, with why: the reason it was closed for, else the protocol violation the
     * frame gate ended it for, else the client's leaving or the library's close code.
     */
    void closed(ProtocolConnection connection, TrackedWebSocket socket, int code, String reason, boolean remote) {
        FrameGate.Violation violation = socket.closeCause();
        CloseReason fallback = violation != null ? new CloseReason(violation.code(), violation.reason())
                : remote ? CloseReason.CLIENT : new CloseReason(code, reason == null ? "" : reason);
        if (connection.closed(fallback)
                && (code == CloseFrame.TOOBIG || (violation != null && violation.code() == FrameGate.TOO_BIG))) {
            metrics.frameTooBig();
        }
    }

    /** What the library's handshake tells about the client, in the library-neutral form. */
    private static HandshakeFacts facts(WebSocket conn, ClientHandshake handshake) {
        Map<String, String> headers = new HashMap<>();
        Iterator<String> names = handshake.iterateHttpFields();
        while (names.hasNext()) {
            String name = names.next();
            headers.put(name.toLowerCase(Locale.ROOT), handshake.getFieldValue(name));
        }
        InetSocketAddress remote = conn.getRemoteSocketAddress();
        String ip = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        return HandshakeFacts.of(ip, headers, handshake.getResourceDescriptor());
    }
}
