package dev.realtime.transport.common.internal.connection;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.transport.common.internal.HandshakeFacts;
import dev.realtime.transport.common.internal.codec.ClientFrame;
import dev.realtime.transport.common.internal.codec.SocketIoCodec;
import dev.realtime.transport.common.internal.codec.WireCodec;
import dev.realtime.transport.common.internal.codec.WsFrames;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A Socket.IO v5 / Engine.IO v4 connection: OPEN packet first, then the client's CONNECT (with its
 * {@code auth}), answered by CONNECT or CONNECT_ERROR; afterwards EVENTs and ACKs; heartbeat by Engine.IO
 * ping/pong packets sent by the server.
 */
public final class SocketIoConnection extends ProtocolConnection {
    private static final SocketIoCodec CODEC = SocketIoCodec.INSTANCE;
    private static final ByteBuffer ENGINE_PING_FRAME = WsFrames.constant(WsFrames.text(SocketIoCodec.ENGINE_PING));
    /** Closes after which the client must act (new token, sign in) rather than reconnect blindly. */
    private static final Set<CloseReason> SERVER_DISCONNECTS =
            Set.of(CloseReason.KICKED, CloseReason.TOKEN_EXPIRED, CloseReason.TOKEN_REVOKED);

    private final String engineSid;
    private final List<String> upgrades;
    private int failedConnects;

    /**
     * A connection opened directly over WebSocket.
     *
     * @param connectionId the Socket.IO {@code sid} the CONNECT reply will carry, see {@code ConnectionIds}
     */
    public SocketIoConnection(ProtocolContext ctx, ConnectionIo io, HandshakeFacts facts, String connectionId) {
        this(ctx, io, facts, connectionId, UUID.randomUUID().toString(), List.of());
    }

    /**
     * @param connectionId the Socket.IO {@code sid} the CONNECT reply will carry, see {@code ConnectionIds}
     * @param engineSid    the Engine.IO session id (a polling client sends it with every request)
     * @param upgrades     transports the client may upgrade to ({@code websocket} for a polling connection)
     */
    public SocketIoConnection(ProtocolContext ctx, ConnectionIo io, HandshakeFacts facts, String connectionId,
                              String engineSid, List<String> upgrades) {
        super(ctx, io, facts, connectionId);
        this.engineSid = engineSid;
        this.upgrades = upgrades;
    }

    @Override
    public WireCodec codec() {
        return CODEC;
    }

    @Override
    public void opened() {
        write(CODEC.openPacket(engineSid, upgrades, ctx.settings().pingInterval().toMillis(),
                ctx.settings().pingTimeout().toMillis(), ctx.settings().maxPayloadBytes()));
        startHeartbeat();
        startAuthDeadline();
    }

    @Override
    void sendHeartbeatPing() {
        write(ENGINE_PING_FRAME);
    }

    @Override
    public void text(String message) {
        ClientFrame frame = CODEC.decode(message);
        if (frame instanceof ClientFrame.Pong) {
            heartbeatAnswered();
        } else if (frame instanceof ClientFrame.Event e) {
            if (session() != null && ClientFrame.ROOT_NAMESPACE.equals(e.namespace())) {
                dispatch(e.event());
            } else {
                LOG.debug("ignoring event {} for a namespace this connection has not joined", e.event().name());
            }
        } else if (frame instanceof ClientFrame.Connect c) {
            connect(c);
        } else if (frame instanceof ClientFrame.Ping p) {
            write(CODEC.pongPacket(p.data()));
        } else if (frame instanceof ClientFrame.Disconnect d) {
            if (ClientFrame.ROOT_NAMESPACE.equals(d.namespace())) {
                close(CloseReason.CLIENT);
            }
        } else if (frame instanceof ClientFrame.Invalid invalid) {
            reportInvalid(new RealtimeError(invalid.code(), invalid.message(), null));
        }
    }

    private void connect(ClientFrame.Connect connect) {
        if (!ClientFrame.ROOT_NAMESPACE.equals(connect.namespace())) {
            write(CODEC.invalidNamespace(connect.namespace()));
            return;
        }
        if (session() != null) {
            return; // already connected: a repeated CONNECT changes nothing
        }
        try {
            Session session = register(connect.auth());
            write(WsFrames.text(CODEC.connectOk(session.id(), session.recoveryPid())));
            activate();
        } catch (RealtimeException e) {
            refuseConnect(e.toError());
        } catch (RuntimeException e) {
            ctx.metrics().handlerError();
            LOG.error("connect from {} failed", ip(), e);
            refuseConnect(RealtimeError.of(ErrorCode.INTERNAL_ERROR, "internal error"));
        }
    }

    private void refuseConnect(RealtimeError error) {
        write(CODEC.connectError(error));
        if (++failedConnects >= ctx.settings().maxAuthAttempts()) {
            close(new CloseReason(CloseReason.POLICY.code(), "too many failed connection attempts"));
        }
    }

    @Override
    void reportInvalid(RealtimeError error) {
        if (session() != null) {
            replyError(null, error);
        } else {
            refuseConnect(error);
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (SERVER_DISCONNECTS.contains(reason) && !isClosed()) {
            // A Socket.IO DISCONNECT first, so the client knows the server ended it ("io server disconnect",
            // not a network loss) and does not reconnect by itself.
            write(SocketIoCodec.DISCONNECT);
        }
        super.close(reason);
    }

    /**
     * A Socket.IO client on WebSocket is cut without a close frame: clients built on OkHttp (the Java and
     * Android Socket.IO clients) stop reading once a close frame arrives and would notice the end only at their
     * ping timeout (85 s by default); a cut connection they notice at once, and they reconnect. Browsers and
     * the Node client reconnect after either. A polling client gets the close packet on its waiting poll.
     */
    @Override
    public void goingAway() {
        if (io().isWebSocket()) {
            cut(CloseReason.GOING_AWAY);
        } else {
            super.goingAway();
        }
    }
}
