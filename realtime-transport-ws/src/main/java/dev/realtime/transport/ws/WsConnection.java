package dev.realtime.transport.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Credentials;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionChannel;
import dev.realtime.core.spi.transport.InboundEvent;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.core.spi.transport.Session;
import dev.realtime.core.spi.transport.Transport;
import dev.realtime.transport.common.HandshakeFacts;
import dev.realtime.transport.common.Heartbeat;
import dev.realtime.transport.common.codec.WireCodec;
import dev.realtime.transport.common.codec.WsFrames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket connection: the engine's {@link ConnectionChannel}, plus the protocol state machine a
 * subclass adds (Socket.IO or plain JSON). Everything a subclass handles is contained here: a failing
 * handler is logged and answered, it never reaches the WebSocket library (whose workers would stop the
 * server on an uncaught exception).
 */
abstract class WsConnection implements ConnectionChannel {
    static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    /** Frames that may wait while the protocol handshake completes (the engine's first events). */
    private static final int MAX_HELD_FRAMES = 64;

    final TransportContext ctx;
    final TrackedWebSocket socket;
    private final Heartbeat heartbeat;

    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Session session;
    private volatile CloseReason closeReason;
    private volatile List<ByteBuffer> held;
    private volatile ScheduledFuture<?> authDeadline;
    private volatile ScheduledFuture<?> closeDeadline;
    /** The upgrade request's headers and query: needed until authentication, then only the address is kept. */
    private volatile HandshakeFacts facts;

    WsConnection(TransportContext ctx, TrackedWebSocket socket, HandshakeFacts facts) {
        this.ctx = ctx;
        this.socket = socket;
        this.facts = facts;
        this.heartbeat = new Heartbeat(ctx.options().pingInterval(), ctx.options().pingTimeout());
    }

    /** The protocol this connection speaks. */
    abstract WireCodec codec();

    /** Called once the WebSocket is open. */
    abstract void opened();

    /** Called for every text message, on this connection's I/O worker thread. */
    abstract void text(String message);

    /** Sends one heartbeat ping in this protocol's way. */
    abstract void sendHeartbeatPing();

    /** A WebSocket pong frame arrived. */
    void wsPong() {
    }

    /** A binary message arrived; no protocol here uses them. */
    void binary() {
        reportInvalid(RealtimeError.of(ErrorCode.VALIDATION_ERROR, "binary frames are not supported; send JSON text"));
    }

    /** A message over the payload limit arrived; the library is about to close with 1009. */
    void payloadTooLarge() {
        if (session != null) {
            replyError(null, RealtimeError.of(ErrorCode.PAYLOAD_TOO_LARGE, "message larger than "
                    + ctx.options().maxPayloadBytes() + " bytes; closing the connection"));
        }
    }

    /** Reports an invalid frame to the client in this protocol's way. */
    abstract void reportInvalid(RealtimeError error);

    // ---- ConnectionChannel -------------------------------------------------------------------------

    @Override
    public Transport transport() {
        return ctx.transport();
    }

    @Override
    public void send(OutboundEvent event) {
        if (!closed.get()) {
            deliver(codec().eventFrame(event));
        }
    }

    @Override
    public void sendAck(long ackId, AckReply reply) {
        if (!closed.get()) {
            deliver(WsFrames.text(codec().encodeAck(ackId, reply)));
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (closed.get()) {
            return;
        }
        closeReason = reason;
        socket.close(reason.code(), reason.message());
        // a peer that never answers the close frame (or never reads it) is cut off after the close timeout
        closeDeadline = ctx.timers().schedule(ctx.options().closeTimeout(), () -> {
            if (!socket.isClosed()) {
                socket.abort(reason.code(), reason.message());
            }
        });
    }

    /** The server is stopping: tells the client in the way it notices soonest (a close frame 1001 here). */
    void goingAway() {
        close(CloseReason.GOING_AWAY);
    }

    /** Ends the TCP connection at once with nothing more written, not even a close frame. */
    final void cut(CloseReason reason) {
        if (closed.get()) {
            return;
        }
        closeReason = reason;
        socket.output().discard();
        socket.closeConnection(reason.code(), reason.message(), false);
    }

    // ---- output ------------------------------------------------------------------------------------

    /** Writes a shared frame: held while the handshake completes, otherwise queued on the socket. */
    final void deliver(ByteBuffer sharedFrame) {
        if (held != null) {
            synchronized (this) {
                List<ByteBuffer> waiting = held;
                if (waiting != null) {
                    if (waiting.size() >= MAX_HELD_FRAMES) {
                        slowReader();
                    } else {
                        waiting.add(sharedFrame);
                    }
                    return;
                }
            }
        }
        write(sharedFrame);
    }

    /**
     * Queues a frame, bypassing any hold. The buffer is never changed, so it may be shared with other
     * connections.
     */
    final void write(ByteBuffer frame) {
        ConnectionOutput output = socket.output();
        switch (output.offer(frame, ctx.options().maxOutboundBytes())) {
            case SCHEDULE -> ctx.writer().schedule(output);
            case OVERFLOW -> slowReader();
            default -> {
                // queued behind frames the writer already has in hand, or dropped on a closed connection
            }
        }
    }

    final void write(String text) {
        write(WsFrames.text(text));
    }

    private void slowReader() {
        if (closed.get()) {
            return;
        }
        ctx.metrics().slowReaderClosed();
        LOG.warn("closing connection {} from {}: unsent output passed {} bytes", sessionId(), ip(),
                ctx.options().maxOutboundBytes());
        abort(CloseReason.SLOW_READER);
    }

    /**
     * Ends the connection at once, without a close handshake: for peers that do not read (a slow reader, a
     * missed heartbeat), where a close frame would only queue behind what they already do not read.
     */
    final void abort(CloseReason reason) {
        if (closed.get()) {
            return;
        }
        closeReason = reason;
        socket.abort(reason.code(), reason.message());
    }

    // ---- authentication ----------------------------------------------------------------------------

    final void startAuthDeadline() {
        authDeadline = ctx.timers().schedule(ctx.options().authTimeout(), () -> {
            if (session == null && !closed.get()) {
                ctx.metrics().authTimeout();
                // at once: a client without credentials gets no grace to hold memory with unread output
                abort(new CloseReason(CloseFrame.POLICY_VALIDATION, "authentication timeout"));
            }
        });
    }

    /**
     * Authenticates and registers this connection with the engine. Output the engine sends meanwhile is
     * held, to follow the protocol's own handshake answer: the caller passes that answer to
     * {@link #releaseHeld}.
     *
     * @throws RealtimeException the engine's refusal
     */
    final Session authenticate(JsonNode auth) {
        Credentials credentials = facts.credentials(auth);
        Principal principal = ctx.gateway().authenticate(credentials);
        synchronized (this) {
            held = new ArrayList<>(4);
        }
        try {
            Session opened = ctx.gateway().open(principal, credentials, codec().kind(), this);
            session = opened;
            socket.authenticated();
            facts = facts.addressOnly();
            Timers.cancel(authDeadline);
            if (closed.get()) {
                ctx.gateway().closed(opened, closeReason == null ? CloseReason.CLIENT : closeReason);
            }
            return opened;
        } catch (RuntimeException e) {
            synchronized (this) {
                held = null;
            }
            throw e;
        }
    }

    /** Writes {@code first} (may be null), then everything held, and stops holding. */
    final synchronized void releaseHeld(ByteBuffer first) {
        if (first != null) {
            write(first);
        }
        List<ByteBuffer> waiting = held;
        held = null;
        if (waiting != null) {
            for (ByteBuffer frame : waiting) {
                write(frame);
            }
        }
    }

    /** The client's address. */
    final String ip() {
        return facts.ip();
    }

    final Session session() {
        return session;
    }

    final String sessionId() {
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

    /** Called by the {@link HeartbeatSweep}: sends a due ping, or ends a connection whose answer is overdue. */
    final void heartbeatCheck(long nowNanos) {
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

    /** The WebSocket is gone; tells the engine once. */
    final void closed(int code, String reason, boolean remote) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeat.stop();
        socket.output().discard();
        Timers.cancel(authDeadline);
        Timers.cancel(closeDeadline);
        FrameGate.Violation violation = socket.closeCause();
        if (code == CloseFrame.TOOBIG || (violation != null && violation.code() == FrameGate.TOO_BIG)) {
            ctx.metrics().frameTooBig();
        }
        CloseReason why = closeReason;
        if (why == null && violation != null) {
            why = new CloseReason(violation.code(), violation.reason());
        }
        if (why == null) {
            why = remote ? CloseReason.CLIENT : new CloseReason(code, reason == null ? "" : reason);
        }
        Session s = session;
        if (s != null) {
            try {
                ctx.gateway().closed(s, why);
            } catch (RuntimeException e) {
                ctx.metrics().handlerError();
                LOG.error("closing connection {} failed in the engine", s.id(), e);
            }
        }
    }

    final boolean isClosed() {
        return closed.get();
    }
}
