package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.codec.WsFrames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
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
    /**
     * Where shared frames enter the pipeline: once the upgrade is done, the first handler's context, so that
     * complete frames go straight to the socket instead of through every outbound handler (the frame encoder
     * only passes them on). The channel itself until then.
     */
    private volatile ChannelOutboundInvoker output;

    WsOutlet(Channel channel, Duration closeTimeout) {
        this.channel = channel;
        this.closeTimeout = closeTimeout;
        this.output = channel;
    }

    /**
     * The upgrade is complete and the pipeline final: frames are written from its first handler on. That
     * handler is the WebSocket frame encoder, which has nothing to do for frames that are already bytes.
     */
    void upgraded() {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        if (first != null && first.handler() instanceof WebSocketFrameEncoder) {
            output = first;
        }
    }

    @Override
    public boolean offer(ByteBuffer sharedFrame) {
        if (!channel.isWritable()) {
            return !channel.isActive();
        }
        ChannelOutboundInvoker out = output;
        if (!channel.eventLoop().inEventLoop()) {
            out.writeAndFlush(SharedFrames.view(sharedFrame), channel.voidPromise());
            return true;
        }
        out.write(SharedFrames.viewOnLoop(sharedFrame), channel.voidPromise());
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
