package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.connection.SocketIoConnection;
import dev.realtime.transport.common.internal.codec.WsFrames;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The output side of one Engine.IO long-polling session: packets wait here (bounded by the unsent-output
 * limit) until the client's next GET, which gets all of them joined by the record separator {@code \x1e}; a
 * GET that finds nothing waits until a packet arrives (the server's ping comes within one interval).
 *
 * <p>When the client upgrades, {@link #upgrade} hands what is still waiting to the WebSocket, in order, and
 * every later packet is forwarded there: nothing is lost or sent twice across the switch.
 */
final class PollingSession implements Outlet {
    private static final byte SEPARATOR = 0x1e;
    private static final ByteBuffer CLOSE_PACKET = ByteBuffer.wrap("1".getBytes(StandardCharsets.US_ASCII));
    private static final ByteBuffer NOOP_PACKET = ByteBuffer.wrap("6".getBytes(StandardCharsets.US_ASCII));

    final String sid;
    private final PollingSessions registry;
    private final ConnectionRegistry connections;
    private final EventExecutor executor;
    private final long maxBytes;
    private final Duration closeTimeout;
    private final Promise<Void> ended;
    private volatile SocketIoConnection connection;

    // guarded by this
    private final ArrayDeque<ByteBuffer> packets = new ArrayDeque<>();
    private long bytes;
    private HttpExchange waiting;
    private boolean finished;
    /** The close packet is queued: the session ends once it is delivered (or after the close timeout). */
    private boolean closing;
    /**
     * The close packet waits until what was queued before it has gone out in a poll of its own, as Engine.IO does:
     * socket.io-client hands a payload's packets to its Socket.IO layer a tick after it has handled a close packet of
     * the same payload, so a DISCONNECT sharing the close packet's payload would be reported as "transport close".
     */
    private boolean closeAfterFlush;
    private Outlet upgradedTo;
    private boolean posting;
    /** The client probed a WebSocket: every poll is answered at once (a noop if nothing waits), see {@link #probed}. */
    private boolean probing;
    /** Still counted among the sessions waiting for credentials. */
    private boolean unauthenticated = true;

    PollingSession(String sid, PollingSessions registry, ConnectionRegistry connections, EventExecutor executor,
                   long maxBytes, Duration closeTimeout) {
        this.sid = sid;
        this.registry = registry;
        this.connections = connections;
        this.executor = executor;
        this.maxBytes = maxBytes;
        this.closeTimeout = closeTimeout;
        this.ended = new DefaultPromise<>(executor);
    }

    void connection(SocketIoConnection value) {
        connection = value;
    }

    SocketIoConnection connection() {
        return connection;
    }

    // ---- Outlet ------------------------------------------------------------------------------------

    @Override
    public synchronized boolean offer(ByteBuffer sharedFrame) {
        if (upgradedTo != null) {
            return upgradedTo.offer(sharedFrame);
        }
        if (finished) {
            return true;
        }
        ByteBuffer packet = payload(sharedFrame);
        if (bytes + packet.remaining() > maxBytes) {
            return false;
        }
        packets.add(packet);
        bytes += packet.remaining();
        if (waiting != null) {
            flush();
        }
        return true;
    }

    @Override
    public synchronized void close(CloseReason reason) {
        if (upgradedTo != null) {
            upgradedTo.close(reason);
            return;
        }
        if (finished || closing) {
            return;
        }
        closing = true;
        if (packets.isEmpty()) {
            packets.add(CLOSE_PACKET.duplicate());
        } else {
            closeAfterFlush = true;
        }
        if (waiting != null) {
            flush();
        }
        if (!finished) {
            abortLater(); // the close packet waits for the next polls, at most the close timeout
        }
    }

    @Override
    public synchronized boolean isWebSocket() {
        return upgradedTo != null;
    }

    @Override
    public void answerClose(int code) {
        abort(CloseReason.CLIENT);
    }

    @Override
    public void abort(CloseReason reason) {
        Outlet next;
        synchronized (this) {
            next = upgradedTo;
            if (next == null) {
                if (finished) {
                    return;
                }
                packets.clear();
                bytes = 0;
                closeAfterFlush = false;
                if (waiting != null) {
                    closing = true;
                    packets.add(CLOSE_PACKET.duplicate());
                    flush();
                }
                finish();
                return;
            }
        }
        next.abort(reason);
    }

    @Override
    public void abortLater() {
        executor.schedule(() -> abort(CloseReason.TIMEOUT), closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void authenticated() {
        if (unauthenticated) {
            unauthenticated = false;
            registry.authenticated();
        }
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public Future<?> ended() {
        return ended;
    }

    // ---- requests ----------------------------------------------------------------------------------

    /**
     * A GET: answered now when packets wait, else held until one arrives.
     *
     * @return false when the session cannot take it (another GET is waiting, or the session is over): the
     *     caller answers 400, and an overlapping GET ends the session as Socket.IO does
     */
    synchronized boolean poll(HttpExchange exchange) {
        if (finished || upgradedTo != null) {
            return false;
        }
        if (waiting != null && waiting.isOpen()) {
            return false;
        }
        if (waiting == null) {
            registry.pollWaiting(1);
        }
        waiting = exchange;
        if (probing && packets.isEmpty()) {
            packets.add(NOOP_PACKET.duplicate());
        }
        if (!packets.isEmpty()) {
            flush();
        }
        return true;
    }

    /** Claims the right to deliver a POST's packets: false when another POST is in progress or it is over. */
    synchronized boolean startPost() {
        if (finished || upgradedTo != null || posting) {
            return false;
        }
        posting = true;
        return true;
    }

    synchronized void endPost() {
        posting = false;
    }

    synchronized boolean isOver() {
        return finished || upgradedTo != null;
    }

    /** Ended on this transport (not by an upgrade); the id is still known for the close timeout, see {@link #finish}. */
    synchronized boolean isFinished() {
        return finished;
    }

    // ---- upgrade -----------------------------------------------------------------------------------

    /**
     * The client probed a WebSocket. It now pauses polling, which waits for its poll in flight to complete: that
     * poll is answered at once with a noop, whether it is already waiting here or arrives later (as Socket.IO
     * answers every poll of an upgrading session), so the upgrade never waits for the next ping.
     */
    synchronized void probed() {
        if (upgradedTo != null) {
            return;
        }
        probing = true;
        if (waiting != null) {
            packets.add(NOOP_PACKET.duplicate());
            flush();
        }
    }

    /** The probing WebSocket went away before the switch: polls wait for packets again. */
    synchronized void probeEnded() {
        probing = false;
    }

    /**
     * The client switched to {@code websocket}: what still waits goes there first, then everything after it.
     *
     * @return false when the session is already over
     */
    synchronized boolean upgrade(Outlet websocket) {
        if (finished || upgradedTo != null) {
            return false;
        }
        upgradedTo = websocket;
        authenticated(); // on its WebSocket it is bounded like any other socket
        for (ByteBuffer packet : packets) {
            if (!websocket.offer(SharedFrames.direct(WsFrames.text(bytes(packet))))) {
                break;
            }
        }
        packets.clear();
        bytes = 0;
        if (waiting != null) {
            packets.add(NOOP_PACKET.duplicate());
            flush();
            packets.clear();
        }
        registry.remove(this);
        ended.trySuccess(null);
        return true;
    }

    // ---- internals ---------------------------------------------------------------------------------

    /** Answers the waiting GET with every waiting packet. Caller holds the lock. */
    private void flush() {
        HttpExchange exchange = waiting;
        waiting = null;
        registry.pollWaiting(-1);
        if (!exchange.isOpen()) {
            return; // the client gave that request up: the packets wait for its next poll
        }
        CompositeByteBuf body = Unpooled.compositeBuffer(packets.size() * 2);
        boolean first = true;
        for (ByteBuffer packet : packets) {
            if (!first) {
                body.addComponent(true, Unpooled.wrappedBuffer(new byte[] {SEPARATOR}));
            }
            body.addComponent(true, Unpooled.wrappedBuffer(packet.duplicate()));
            first = false;
        }
        packets.clear();
        bytes = 0;
        exchange.answer(HttpReplies.ok(body, HttpReplies.TEXT_PLAIN, exchange.headers(), registry.options()));
        if (closeAfterFlush) {
            closeAfterFlush = false;
            packets.add(CLOSE_PACKET.duplicate()); // for the next poll
        } else if (closing) {
            finish();
        }
    }

    /**
     * The session is over: tell the connection, and forget the id after the close timeout. Until then the id
     * stays known, because a client that said goodbye (a Socket.IO DISCONNECT, which ends the session here)
     * still posts its Engine.IO close packet, and that POST must not look like a lost session (a 400) to the
     * client or to a proxy's logs. Caller holds the lock.
     */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        authenticated(); // no longer waiting, whatever the reason
        if (executor.isShuttingDown()) {
            registry.remove(this);
        } else {
            executor.schedule(() -> registry.remove(this), closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        ended.trySuccess(null);
        SocketIoConnection c = connection;
        if (c != null) {
            executor.execute(() -> connections.closed(c, CloseReason.CLIENT));
        }
    }

    /** The text of a shared WebSocket text frame: the frame without its 2, 4 or 10 byte header. */
    static ByteBuffer payload(ByteBuffer frame) {
        int length = frame.get(frame.position() + 1) & 0x7F;
        int header = length < 126 ? 2 : length == 126 ? 4 : 10;
        ByteBuffer payload = frame.duplicate();
        payload.position(frame.position() + header);
        return payload.slice();
    }

    private static byte[] bytes(ByteBuffer packet) {
        byte[] copy = new byte[packet.remaining()];
        packet.duplicate().get(copy);
        return copy;
    }
}
