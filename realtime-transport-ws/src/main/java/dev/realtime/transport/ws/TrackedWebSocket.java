package dev.realtime.transport.ws;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;

/**
 * A server-side socket whose outgoing frames go through its {@link ConnectionOutput} (bounded, written by
 * the {@link SocketWriter}) instead of the library's unbounded queue and selector, and which must finish
 * its upgrade before a deadline.
 */
final class TrackedWebSocket extends WebSocketImpl {
    private volatile ConnectionOutput output;
    private volatile ScheduledFuture<?> handshakeDeadline;

    TrackedWebSocket(WebSocketListener listener, List<Draft> drafts) {
        super(listener, drafts);
    }

    /** Set once, when the library wraps the accepted channel (before any callback). */
    void output(ConnectionOutput value) {
        output = value;
    }

    ConnectionOutput output() {
        return output;
    }

    /** Drops everything unsent and closes the TCP connection at once, without a close handshake. */
    void abort(int code, String reason) {
        ConnectionOutput out = output;
        if (out != null) {
            out.discard();
        }
        outQueue.clear();
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
