package dev.realtime.transport.ws;

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

/** Creates {@link TrackedWebSocket}s behind a {@link GatedChannel}, each with a deadline to finish its upgrade. */
final class TrackedSocketFactory implements WebSocketServerFactory {
    private final HandshakePolicy policy;
    private final Timers timers;
    private final WsTransportOptions options;
    private final Consumer<HandshakePolicy.Decision> onRefused;
    private final Runnable onHandshakeTimeout;

    TrackedSocketFactory(HandshakePolicy policy, Timers timers, WsTransportOptions options,
                         Consumer<HandshakePolicy.Decision> onRefused, Runnable onHandshakeTimeout) {
        this.policy = policy;
        this.timers = timers;
        this.options = options;
        this.onRefused = onRefused;
        this.onHandshakeTimeout = onHandshakeTimeout;
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
        return new GatedChannel(channel, (TrackedWebSocket) key.attachment(), policy, onRefused);
    }

    @Override
    public void close() {
        // nothing to release: the timers belong to the transport
    }
}
