package dev.realtime.transport.common.internal.connection;

import dev.realtime.core.spi.transport.CloseReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * The transport's side of one {@link ProtocolConnection}: where its output goes and how it ends. Output is
 * handed over as complete WebSocket frames that may be shared with other connections and must never be
 * modified. Implementations are thread-safe and never block.
 */
public interface ConnectionIo {
    /**
     * Queues one shared frame.
     *
     * @return false when the frame would pass the unsent-output bound: the connection must be dropped
     */
    boolean offer(ByteBuffer sharedFrame);

    /** Ends gracefully (a close frame, or a long-polling close packet); cuts the connection after a timeout. */
    void close(CloseReason reason);

    /** Ends at once, without a goodbye. */
    void abort(CloseReason reason);

    /** Ends the TCP connection at once with nothing more written, not even a close frame. */
    default void cut(CloseReason reason) {
        abort(reason);
    }

    /** True for a WebSocket, false for a long-polling session (which has no close frame to leave out). */
    default boolean isWebSocket() {
        return true;
    }

    /** Runs {@code task} once after {@code delay}; null when the transport is stopping. */
    Future<?> schedule(Duration delay, Runnable task);

    /** The connection authenticated: it may now send messages up to the full payload limit. */
    default void authenticated() {
    }

    /** The connection is gone (called once): release what is held for it. */
    default void closed() {
    }
}
