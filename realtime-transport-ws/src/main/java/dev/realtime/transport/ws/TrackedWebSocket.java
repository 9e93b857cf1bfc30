package dev.realtime.transport.ws;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;

/**
 * A server-side socket that knows how many bytes it has queued but not yet written, so that a client that
 * stops reading is closed instead of growing the heap. Frames are queued as they are: pre-built, shared
 * (duplicated) buffers, so fan-out copies no bytes per recipient.
 */
final class TrackedWebSocket extends WebSocketImpl {
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile ScheduledFuture<?> handshakeDeadline;

    TrackedWebSocket(WebSocketListener listener, List<Draft> drafts) {
        super(listener, drafts);
    }

    /**
     * Queues one complete frame for writing.
     *
     * @return false when the queue would pass {@code maxPendingBytes}: the caller must close the socket
     */
    boolean enqueue(ByteBuffer frame, long maxPendingBytes) {
        if (!isOpen()) {
            return true;
        }
        if (pendingBytes.addAndGet(frame.remaining()) > maxPendingBytes) {
            return false;
        }
        outQueue.add(frame);
        getWebSocketListener().onWriteDemand(this);
        return true;
    }

    /** Called by the channel once bytes reached the socket; never goes below zero (control frames are not counted in). */
    void written(long bytes) {
        if (bytes > 0 && pendingBytes.get() > 0) {
            pendingBytes.accumulateAndGet(-bytes, (current, delta) -> Math.max(0, current + delta));
        }
    }

    /** Drops everything unsent and closes the TCP connection at once, without a close handshake. */
    void abort(int code, String reason) {
        outQueue.clear();
        pendingBytes.set(0);
        closeConnection(code, reason, false);
    }

    void handshakeDeadline(ScheduledFuture<?> deadline) {
        handshakeDeadline = deadline;
    }

    void handshakeDone() {
        Timers.cancel(handshakeDeadline);
        handshakeDeadline = null;
    }
}
