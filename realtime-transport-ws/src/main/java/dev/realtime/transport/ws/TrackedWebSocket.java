package dev.realtime.transport.ws;

import dev.realtime.transport.common.internal.codec.WsFrames;
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
    private volatile boolean authenticated;
    /** Why the transport ended this connection, when the library would only see the TCP connection end. */
    private volatile FrameGate.Violation closeCause;

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

    /** The client authenticated: from now on it may send messages up to the full payload limit. */
    void authenticated() {
        authenticated = true;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    /**
     * Ends the connection at once, without waiting for a close handshake: the close frame is written only
     * if the socket takes it (and what was queued before it) right now, then the TCP connection is closed.
     * For peers that do not read (a slow reader, a missed heartbeat, an overdue authentication).
     */
    void abort(int code, String reason) {
        ConnectionOutput out = output;
        if (out != null) {
            out.closeWith(WsFrames.close(code, reason));
        }
        outQueue.clear();
        closeConnection(code, reason, false);
    }

    /**
     * The client broke the WebSocket protocol ({@link FrameGate}): answers with the violation's close code
     * where the socket takes it; the caller then ends the stream, and the close is reported with this cause.
     */
    void violated(FrameGate.Violation violation) {
        closeCause = violation;
        ConnectionOutput out = output;
        if (out != null) {
            out.closeWith(WsFrames.close(violation.code(), violation.reason()));
        }
    }

    /** The protocol violation this connection was ended for, or null. */
    FrameGate.Violation closeCause() {
        return closeCause;
    }

    /**
     * However the connection ends (also before its upgrade was ever handled, when the gate refused its first
     * bytes), its handshake deadline goes with it: a pending deadline would keep the whole socket in memory.
     */
    @Override
    public synchronized void closeConnection(int code, String message, boolean remote) {
        handshakeDone();
        super.closeConnection(code, message, remote);
    }

    void handshakeDeadline(ScheduledFuture<?> deadline) {
        handshakeDeadline = deadline;
    }

    void handshakeDone() {
        Timers.cancel(handshakeDeadline);
        handshakeDeadline = null;
    }
}
