package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.connection.ConnectionIo;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where a connection's output goes on this transport: a WebSocket channel ({@link WsOutlet}), or an Engine.IO
 * long-polling session's packet buffer ({@link PollingSession}). A Socket.IO connection that starts on polling
 * swaps its outlet for a WebSocket one when the client upgrades. All output is handed over as complete,
 * shared WebSocket text (or ping) frames; polling strips the frame header.
 */
interface Outlet extends ConnectionIo {
    /** The client asked to close (WebSocket close frame with {@code code}): answer it and end. */
    void answerClose(int code);

    /** Cuts the connection after the close timeout unless it ended by then. */
    void abortLater();

    /** The executor of this outlet's deadlines (an event loop). */
    EventExecutor executor();

    /** Completes once the connection is gone. */
    Future<?> ended();

    @Override
    default java.util.concurrent.Future<?> schedule(Duration delay, Runnable task) {
        return executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Ends at once; the reason is the connection's business, the outlet only cuts. */
    @Override
    void abort(CloseReason reason);
}
