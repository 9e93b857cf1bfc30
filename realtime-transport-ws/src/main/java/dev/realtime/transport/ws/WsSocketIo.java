package dev.realtime.transport.ws;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.connection.ConnectionIo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

/**
 * A connection's output on this transport: frames go to the socket's bounded {@link ConnectionOutput} and are
 * written by the {@link SocketWriter}; deadlines run on the transport's {@link Timers}. A close frame the peer
 * does not answer (or never reads) within the close timeout ends the TCP connection anyway.
 */
final class WsSocketIo implements ConnectionIo {
    private final TrackedWebSocket socket;
    private final SocketWriter writer;
    private final Timers timers;
    private final long maxOutboundBytes;
    private final Duration closeTimeout;
    private volatile ScheduledFuture<?> closeDeadline;

    WsSocketIo(TrackedWebSocket socket, SocketWriter writer, Timers timers, WsTransportOptions options) {
        this.socket = socket;
        this.writer = writer;
        this.timers = timers;
        this.maxOutboundBytes = options.maxOutboundBytes();
        this.closeTimeout = options.closeTimeout();
    }

    @Override
    public boolean offer(ByteBuffer sharedFrame) {
        ConnectionOutput output = socket.output();
        switch (output.offer(sharedFrame, maxOutboundBytes)) {
            case SCHEDULE -> writer.schedule(output);
            case OVERFLOW -> {
                return false;
            }
            default -> {
                // queued behind frames the writer already has in hand, or dropped on a closed connection
            }
        }
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        socket.close(reason.code(), reason.message());
        closeDeadline = timers.schedule(closeTimeout, () -> {
            if (!socket.isClosed()) {
                socket.abort(reason.code(), reason.message());
            }
        });
    }

    @Override
    public void abort(CloseReason reason) {
        socket.abort(reason.code(), reason.message());
    }

    @Override
    public void cut(CloseReason reason) {
        socket.output().discard();
        socket.closeConnection(reason.code(), reason.message(), false);
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable task) {
        return timers.schedule(delay, task);
    }

    @Override
    public void authenticated() {
        socket.authenticated();
    }

    @Override
    public void closed() {
        socket.output().discard();
        Timers.cancel(closeDeadline);
    }
}
