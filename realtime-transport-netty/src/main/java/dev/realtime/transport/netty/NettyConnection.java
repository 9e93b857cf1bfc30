package dev.realtime.transport.netty;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection: the engine's {@link ConnectionChannel}, plus the protocol state machine a subclass adds
 * (Socket.IO or plain JSON). Inbound calls arrive one at a time (on an event loop); output may be queued from
 * any thread and goes to the connection's {@link Outlet} (a WebSocket, or a long-polling session until the
 * client upgrades), bounded by {@link NettyTransportOptions#maxOutboundBytes()}: a connection that passes the
 * bound is dropped as a slow reader.
 */
abstract class NettyConnection implements ConnectionChannel {
    static final Logger LOG = LoggerFactory.getLogger(NettyConnection.class);
    /** Frames that may wait while the protocol handshake completes (the engine's first events). */
    private static final int MAX_HELD_FRAMES = 64;
    private static final int POLICY = 1008;

    final NettyContext ctx;
    private volatile Outlet outlet;
    private final Heartbeat heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private volatile Session session;
    private volatile CloseReason closeReason;
    private volatile List<ByteBuffer> held;
    private volatile io.netty.util.concurrent.Future<?> authDeadline;
    /** The opening request's headers and query: needed until authentication, then only the address is kept. */
    private volatile HandshakeFacts facts;

    NettyConnection(NettyContext ctx, Outlet outlet, HandshakeFacts facts) {
        this.ctx = ctx;
        this.outlet = outlet;
        this.facts = facts;
        this.heartbeat = new Heartbeat(ctx.options().pingInterval(), ctx.options().pingTimeout());
    }

    /** The protocol this connection speaks. */
    abstract WireCodec codec();

    /** Called once the WebSocket is open, on the event loop. */
    abstract void opened();

    /** Called for every text message, on the event loop. */
    abstract void text(String message);

    /** Sends one heartbeat ping in this protocol's way. */
    abstract void sendHeartbeatPing();

    /** Reports an invalid frame to the client in this protocol's way. */
    abstract void reportInvalid(RealtimeError error);

    /** A WebSocket pong frame arrived. */
    void wsPong() {
    }

    /** A binary message arrived; no protocol here uses them. */
    final void binary() {
        reportInvalid(RealtimeError.of(ErrorCode.VALIDATION_ERROR, "binary frames are not supported; send JSON text"));
    }

    /** Largest text message this connection may send now: small until it authenticates. */
    final int payloadLimit() {
        return session == null ? ctx.options().maxPreAuthPayloadBytes() : ctx.options().maxPayloadBytes();
    }

    // ---- ConnectionChannel -------------------------------------------------------------------------

    @Override
    public Transport transport() {
        return ctx.transport();
    }

    @Override
    public void send(OutboundEvent event) {
        if (!closed.get()) {
            deliver(SharedFrames.event(codec(), event));
        }
    }

    @Override
    public void sendAck(long ackId, AckReply reply) {
        if (!closed.get()) {
            deliver(WsFrames.text(codec().encodeAck(ackId, reply)));
        }
    }

    /** Sends a close frame; the peer has the close timeout to answer it before the TCP connection is cut. */
    @Override
    public void close(CloseReason reason) {
        if (closed.get() || !closeSent.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        outlet.close(reason);
    }

    /** The server is stopping: tells the client in the way it notices soonest (a close frame 1001 here). */
    void goingAway() {
        close(CloseReason.GOING_AWAY);
    }

    /** The client sent a close frame: answer it (unless it answers ours) and end the TCP connection. */
    final void remoteClose(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            closeReason = CloseReason.CLIENT;
            outlet.answerClose(code);
        } else {
            outlet.abort();
        }
    }

    /**
     * The decoder refused a frame and is sending its own close frame: remember why, and cut the connection if
     * the peer does not take that frame within the close timeout.
     */
    final void violated(CloseReason reason) {
        if (closed.get()) {
            return;
        }
        closeReason = reason;
        closeSent.set(true);
        outlet.abortLater();
    }

    /** The outlet output goes to now. */
    final Outlet outlet() {
        return outlet;
    }

    /** The client upgraded: output goes to {@code next} from now on. */
    final void switchOutlet(Outlet next) {
        outlet = next;
    }

    // ---- output ------------------------------------------------------------------------------------

    /** Writes a shared frame: held while the handshake completes, otherwise queued on the channel. */
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
        if (closed.get() || closeSent.get()) {
            return;
        }
        if (!outlet.offer(frame)) {
            slowReader();
        }
    }

    final void write(String text) {
        write(WsFrames.text(text));
    }

    /** The channel's unsent output passed the bound. */
    final void slowReader() {
        if (closed.get() || closeReason == CloseReason.SLOW_READER) {
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
        outlet.abort();
    }

    // ---- authentication ----------------------------------------------------------------------------

    final void startAuthDeadline() {
        authDeadline = outlet.executor().schedule(() -> {
            if (session == null && !closed.get()) {
                ctx.metrics().authTimeout();
                // at once: a client without credentials gets no grace to hold memory with unread output
                abort(new CloseReason(POLICY, "authentication timeout"));
            }
        }, ctx.options().authTimeout().toNanos(), TimeUnit.NANOSECONDS);
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
            facts = facts.addressOnly();
            outlet.authenticated();
            cancel(authDeadline);
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

    /** A message over the payload limit arrived: tell an authenticated client why, then close with 1009. */
    final void payloadTooLarge() {
        ctx.metrics().frameTooBig();
        if (session != null) {
            replyError(null, RealtimeError.of(ErrorCode.PAYLOAD_TOO_LARGE, "message larger than "
                    + payloadLimit() + " bytes; closing the connection"));
        }
        close(CloseReason.TOO_BIG);
    }

    // ---- heartbeat ---------------------------------------------------------------------------------

    /** Starts the heartbeat clock (the first ping is due one interval from now). */
    final void startHeartbeat() {
        heartbeat.start(System.nanoTime());
    }

    /** Called by the heartbeat sweep: sends a due ping, or ends a connection whose answer is overdue. */
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

    /** The connection is gone; tells the engine once. */
    final void closed(CloseReason fallback) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeat.stop();
        cancel(authDeadline);
        ctx.connections().remove(this);
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
    }

    final boolean isClosed() {
        return closed.get();
    }

    private static void cancel(io.netty.util.concurrent.Future<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
