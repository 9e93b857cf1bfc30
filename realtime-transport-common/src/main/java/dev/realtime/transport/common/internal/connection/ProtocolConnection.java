package dev.realtime.transport.common.internal.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.transport.common.internal.HandshakeFacts;
import dev.realtime.transport.common.internal.Heartbeat;
import dev.realtime.transport.common.internal.codec.WireCodec;
import dev.realtime.transport.common.internal.codec.WsFrames;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection, whatever carries it: the engine's {@link ConnectionChannel}, plus the protocol state
 * machine a subclass adds ({@link SocketIoConnection} or {@link JsonConnection}). The transport reports what
 * arrives ({@link #text}, {@link #wsPong}, ...) one call at a time, and its {@link ConnectionIo} takes the output,
 * which may be queued from any thread. A failing handler is logged and answered; it never reaches the
 * transport's I/O code.
 *
 * <p>Its id is chosen here, by the transport side, so that the protocol's handshake answer can carry it: the
 * connection is registered with the engine, the answer is written, then the engine activates it and only then
 * sends its own events (and a recovered Socket.IO connection's missed messages), so the client always sees the
 * answer first. A connection whose unsent output passes the bound is dropped as a slow reader.
 */
public abstract class ProtocolConnection implements ConnectionChannel {
    static final Logger LOG = LoggerFactory.getLogger(ProtocolConnection.class);

    final ProtocolContext ctx;
    private final Heartbeat heartbeat;
    /** Flags as plain volatile fields set through handles: two atomic objects per connection add up in a crowd. */
    private static final VarHandle CLOSED;
    private static final VarHandle CLOSE_SENT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(ProtocolConnection.class, "closed", boolean.class);
            CLOSE_SENT = lookup.findVarHandle(ProtocolConnection.class, "closeSent", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean closed;
    private volatile boolean closeSent;
    private volatile ConnectionIo io;
    private volatile Session session;
    private volatile CloseReason closeReason;
    private final String connectionId;
    private volatile Future<?> authDeadline;
    /** The opening request's headers and query: needed until authentication, then only the address is kept. */
    private volatile HandshakeFacts facts;

    ProtocolConnection(ProtocolContext ctx, ConnectionIo io, HandshakeFacts facts, String connectionId) {
        this.ctx = ctx;
        this.connectionId = ConnectionIds.requireValid(connectionId);
        this.io = io;
        this.facts = facts;
        this.heartbeat = new Heartbeat(ctx.settings().pingInterval(), ctx.settings().pingTimeout());
    }

    /** The protocol this connection speaks. */
    public abstract WireCodec codec();

    /** The connection is open: starts its protocol (and its heartbeat and auth deadline). */
    public abstract void opened();

    /** One text message from the client. */
    public abstract void text(String message);

    /** Sends one heartbeat ping in this protocol's way. */
    abstract void sendHeartbeatPing();

    /** Reports an invalid frame to the client in this protocol's way. */
    abstract void reportInvalid(RealtimeError error);

    /** A WebSocket pong frame arrived. */
    public void wsPong() {
    }

    /** A binary message arrived; no protocol here uses them. */
    public final void binary() {
        reportInvalid(RealtimeError.of(ErrorCode.VALIDATION_ERROR, "binary frames are not supported; send JSON text"));
    }

    /** Largest message this connection may send now: small until it authenticates. */
    public final int payloadLimit() {
        return session == null ? ctx.settings().maxPreAuthPayloadBytes() : ctx.settings().maxPayloadBytes();
    }

    /** A message over the payload limit arrived: tells an authenticated client why (the transport closes, 1009). */
    public final void payloadTooLarge() {
        if (session != null) {
            replyError(null, RealtimeError.of(ErrorCode.PAYLOAD_TOO_LARGE, "message larger than "
                    + payloadLimit() + " bytes; closing the connection"));
        }
    }

    // ---- ConnectionChannel -------------------------------------------------------------------------

    @Override
    public Transport transport() {
        return ctx.transport();
    }

    @Override
    public void send(OutboundEvent event) {
        if (!closed) {
            write(ctx.eventFrames().apply(codec(), event));
        }
    }

    @Override
    public void sendAck(long ackId, AckReply reply) {
        if (!closed) {
            write(WsFrames.text(codec().encodeAck(ackId, reply)));
        }
    }

    /** Says goodbye in the transport's way; the peer has the close timeout to answer before it is cut. */
    @Override
    public void close(CloseReason reason) {
        if (!closed && beginClose(reason)) {
            io.close(reason);
        }
    }

    /** The server is stopping: tells the client in the way it notices soonest (by default a close frame 1001). */
    public void goingAway() {
        close(CloseReason.GOING_AWAY);
    }

    /** Ends the connection at once with nothing more written, not even a close frame. */
    final void cut(CloseReason reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        closeSent = true;
        io.cut(reason);
    }

    /**
     * Marks the connection as closing for {@code reason} (nothing more is written); false when it already was.
     * For a transport that closes on its own (a protocol violation, the client's close frame).
     */
    public final boolean beginClose(CloseReason reason) {
        if (!CLOSE_SENT.compareAndSet(this, false, true)) {
            return false;
        }
        closeReason = reason;
        return true;
    }

    /** Where output goes now. */
    public final ConnectionIo io() {
        return io;
    }

    /** The client moved (a long-polling client upgraded to WebSocket): output goes to {@code next} from now on. */
    public final void switchIo(ConnectionIo next) {
        io = next;
    }

    // ---- output ------------------------------------------------------------------------------------

    /** Queues a shared frame (the transport's fan-out path). */
    public final void deliver(ByteBuffer sharedFrame) {
        write(sharedFrame);
    }

    /** Queues a frame. The buffer is never changed, so it may be shared. */
    final void write(ByteBuffer frame) {
        if (closed || closeSent) {
            return;
        }
        if (!io.offer(frame)) {
            slowReader();
        }
    }

    final void write(String text) {
        write(WsFrames.text(text));
    }

    /** The unsent output passed the bound: the connection is dropped and counted. */
    public final void slowReader() {
        if (closed || closeReason == CloseReason.SLOW_READER) {
            return;
        }
        ctx.metrics().slowReaderClosed();
        LOG.warn("closing connection {} from {}: unsent output passed {} bytes", sessionId(), ip(),
                ctx.settings().maxOutboundBytes());
        abort(CloseReason.SLOW_READER);
    }

    /**
     * Ends the connection at once, without a close handshake: for peers that do not read (a slow reader, a
     * missed heartbeat), where a close frame would only queue behind what they already do not read.
     */
    public final void abort(CloseReason reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        closeSent = true;
        io.abort(reason);
    }

    // ---- authentication ----------------------------------------------------------------------------

    final void startAuthDeadline() {
        authDeadline = io.schedule(ctx.settings().authTimeout(), () -> {
            if (session == null && !closed) {
                ctx.metrics().authTimeout();
                // at once: a client without credentials gets no grace to hold memory with unread output
                abort(new CloseReason(CloseReason.POLICY.code(), "authentication timeout"));
            }
        });
    }

    /**
     * Authenticates this connection and registers it with the engine under its id; the engine sends nothing
     * until the caller has written the protocol's handshake answer and called {@link #activate}.
     *
     * @throws RealtimeException the engine's refusal
     */
    final Session register(JsonNode auth) {
        Credentials credentials = facts.credentials(auth);
        Principal principal = ctx.gateway().authenticate(credentials);
        Session registered = ctx.gateway().register(connectionId, principal, credentials, codec().kind(), this);
        session = registered;
        facts = facts.addressOnly();
        io.authenticated();
        cancelAuthDeadline();
        if (closed) {
            // closed while registering: closed() ran before the session was known
            ctx.gateway().closed(registered, closeReason == null ? CloseReason.CLIENT : closeReason);
        }
        return registered;
    }

    /** The handshake answer is written: the engine takes over (its own events, recovered messages). */
    final void activate() {
        ctx.gateway().activate(session);
    }

    /** The client's address. */
    public final String ip() {
        return facts.ip();
    }

    final Session session() {
        return session;
    }

    /** The engine's id of this connection, or {@code (unauthenticated)}. */
    public final String sessionId() {
        Session s = session;
        return s == null ? "(unauthenticated)" : s.id();
    }

    // ---- events ------------------------------------------------------------------------------------

    /** Hands an event to the engine; a refusal or failure is answered to the client, never thrown. */
    final void dispatch(InboundEvent event) {
        Session s = session;
        try {
            ctx.gateway().event(s, event);
        } catch (RealtimeException e) {
            replyError(event, e.toError());
        } catch (RuntimeException e) {
            ctx.metrics().handlerError();
            LOG.error("event {} of connection {} failed", event.name(), s.id(), e);
            replyError(event, RealtimeError.of(ErrorCode.INTERNAL_ERROR, "internal error"));
        }
    }

    /** Answers a refused event: on its ack when it has one, else with the {@code error} event. */
    final void replyError(InboundEvent event, RealtimeError error) {
        if (event != null && event.wantsAck()) {
            sendAck(event.ackId(), AckReply.failed(error));
        } else {
            send(new OutboundEvent("error", error));
        }
    }

    // ---- heartbeat ---------------------------------------------------------------------------------

    /** Starts the heartbeat clock (the first ping is due one interval from now). */
    final void startHeartbeat() {
        heartbeat.start(System.nanoTime());
    }

    /** Called by the transport's heartbeat sweep: sends a due ping, or ends a connection whose answer is overdue. */
    public final void heartbeatCheck(long nowNanos) {
        switch (heartbeat.check(nowNanos)) {
            case PING -> sendHeartbeatPing();
            case TIMED_OUT -> abort(CloseReason.TIMEOUT);
            default -> {
                // nothing due
            }
        }
    }

    /** The answer to our ping arrived: records the connection's latency. */
    final void heartbeatAnswered() {
        long millis = heartbeat.pongReceived(System.nanoTime());
        Session s = session;
        if (millis >= 0 && s != null) {
            try {
                ctx.gateway().heartbeat(s, millis);
            } catch (RuntimeException e) {
                ctx.metrics().handlerError();
                LOG.error("heartbeat of connection {} failed", s.id(), e);
            }
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    /**
     * The connection is gone; tells the engine once, with the reason it was closed for, or {@code fallback}
     * when nobody closed it on purpose.
     *
     * @return true for the call that closed it, false when it already was
     */
    public final boolean closed(CloseReason fallback) {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return false;
        }
        heartbeat.stop();
        cancelAuthDeadline();
        io.closed();
        CloseReason why = closeReason == null ? fallback : closeReason;
        Session s = session;
        if (s != null) {
            try {
                ctx.gateway().closed(s, why);
            } catch (RuntimeException e) {
                ctx.metrics().handlerError();
                LOG.error("closing connection {} failed in the engine", s.id(), e);
            }
        }
        return true;
    }

    public final boolean isClosed() {
        return closed;
    }

    /** Cancels the auth deadline and lets go of it: a cancelled timer task held per connection is dead weight. */
    private void cancelAuthDeadline() {
        Future<?> deadline = authDeadline;
        if (deadline != null) {
            deadline.cancel(false);
            authDeadline = null;
        }
    }
}
