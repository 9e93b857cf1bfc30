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
 */
final class WsOutlet implements Outlet {
    private final Channel channel;
    private final Duration closeTimeout;

    WsOutlet(Channel channel, Duration closeTimeout) {
        this.channel = channel;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public boolean offer(ByteBuffer sharedFrame) {
        if (!channel.isWritable()) {
            return !channel.isActive();
        }
        channel.writeAndFlush(SharedFrames.view(sharedFrame), channel.voidPromise());
        return true;
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
