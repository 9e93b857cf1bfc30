package dev.realtime.transport.ws;

import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;

/**
 * Creates {@link TrackedWebSocket}s behind a {@link GatedChannel}, each with a deadline to finish its upgrade
 * and a {@link ConnectionOutput} written by the transport's {@link SocketWriter}.
 */
final class TrackedSocketFactory implements WebSocketServerFactory {
    private static final int LIBRARY_SCRATCH_BYTES = 64 * 1024;
    private final HandshakePolicy policy;
    private final Timers timers;
    private final WsTransportOptions options;
    private final Consumer<HandshakePolicy.Decision> onRefused;
    private final Runnable onHandshakeTimeout;
    private final Consumer<FrameGate.Violation> onViolation;
    private final SocketWriter writer;
    /** Used only on the library's selector thread, the one thread that writes the library's own frames. */
    private final ByteBuffer libraryScratch = ByteBuffer.allocateDirect(LIBRARY_SCRATCH_BYTES);

    TrackedSocketFactory(HandshakePolicy policy, Timers timers, WsTransportOptions options, SocketWriter writer,
                         Consumer<HandshakePolicy.Decision> onRefused, Runnable onHandshakeTimeout,
                         Consumer<FrameGate.Violation> onViolation) {
        this.policy = policy;
        this.writer = writer;
        this.timers = timers;
        this.options = options;
        this.onRefused = onRefused;
        this.onHandshakeTimeout = onHandshakeTimeout;
        this.onViolation = onViolation;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return createWebSocket(adapter, List.of(draft));
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        TrackedWebSocket socket = new TrackedWebSocket(adapter, drafts);
        socket.handshakeDeadline(timers.schedule(options.handshakeTimeout(), () -> {
            if (!socket.isOpen() && !socket.isClosed()) {
                onHandshakeTimeout.run();
                socket.closeConnection(CloseFrame.POLICY_VALIDATION, "handshake timeout");
            }
        }));
        return socket;
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
        TrackedWebSocket socket = (TrackedWebSocket) key.attachment();
        ConnectionOutput output = new ConnectionOutput(channel, socket, writer::schedule);
        socket.output(output);
        // a client that has not authenticated yet may send only small messages (its credentials)
        FrameGate frames = new FrameGate(() -> socket.isAuthenticated()
                ? options.maxPayloadBytes() : options.maxPreAuthPayloadBytes());
        return new GatedChannel(channel, output, libraryScratch, policy, onRefused, frames, violation -> {
            onViolation.accept(violation);
            if (violation.code() == FrameGate.TOO_BIG && socket.getAttachment() instanceof ProtocolConnection c) {
                c.payloadTooLarge();
            }
            socket.violated(violation);
        });
    }

    @Override
    public void close() {
        // nothing to release: the timers belong to the transport
    }
}
