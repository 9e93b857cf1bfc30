package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.nio.ByteBuffer;

/**
 * Where a connection's output goes: a WebSocket channel, or an Engine.IO long-polling session's packet buffer.
 * A Socket.IO connection that starts on polling swaps its outlet for a WebSocket one when the client upgrades.
 * All output is handed over as complete, shared WebSocket text (or ping) frames; polling strips the frame
 * header. Implementations are thread-safe and never block.
 */
interface Outlet {
    /**
     * Queues one shared frame (never modified).
     *
     * @return false when the frame would pass the unsent-output bound: the connection must be dropped
     */
    boolean offer(ByteBuffer sharedFrame);

    /** Ends gracefully (a close frame, or Engine.IO's close packet) and cuts the connection after the close timeout. */
    void close(CloseReason reason);

    /** The client asked to close (WebSocket close frame with {@code code}): answer it and end. */
    void answerClose(int code);

    /** Ends at once, without a goodbye. */
    void abort();

    /** Cuts the connection after the close timeout unless it ended by then. */
    void abortLater();

    /** The executor of this outlet's deadlines (an event loop). */
    EventExecutor executor();

    /** The connection authenticated (a polling session stops counting as waiting for credentials). */
    default void authenticated() {
    }

    /** Completes once the connection is gone. */
    Future<?> ended();
}
