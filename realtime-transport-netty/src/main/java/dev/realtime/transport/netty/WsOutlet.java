package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.codec.WsFrames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Output to a WebSocket channel. The channel's write-buffer high-water mark is the unsent-output bound, and a
 * write queued from another thread counts as pending at once, so the bound also covers output that has not
 * reached the event loop yet.
 *
 * <p>Frames written on the event loop are flushed once per channel after the tasks already queued on the loop
 * have run, not once per frame: when events arrive faster than the loop turns, several frames leave in one
 * system call instead of one call each.
 */
final class WsOutlet implements Outlet {
    private final Channel channel;
    private final Duration closeTimeout;
    private final Runnable flush = this::flushNow;
    /** Touched on the event loop only. */
    private boolean flushQueued;

    WsOutlet(Channel channel, Duration closeTimeout) {
        this.channel = channel;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public boolean offer(ByteBuffer sharedFrame) {
        if (!channel.isWritable()) {
            return !channel.isActive();
        }
        if (!channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(SharedFrames.view(sharedFrame), channel.voidPromise());
            return true;
        }
        channel.write(SharedFrames.view(sharedFrame), channel.voidPromise());
        if (!flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(flush);
        }
        return true;
    }

    private void flushNow() {
        flushQueued = false;
        channel.flush();
    }

    @Override
    public void close(CloseReason reason) {
        channel.writeAndFlush(SharedFrames.view(WsFrames.close(reason.code(), reason.message())));
        abortLater();
    }

    @Override
    public void answerClose(int code) {
        channel.writeAndFlush(SharedFrames.view(WsFrames.close(code <= 0 ? 1000 : code, "")))
                .addListener(ChannelFutureListener.CLOSE);
        abortLater();
    }

    @Override
    public void abort(CloseReason reason) {
        channel.close();
    }

    @Override
    public void abortLater() {
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    public Future<?> ended() {
        return channel.closeFuture();
    }
}
