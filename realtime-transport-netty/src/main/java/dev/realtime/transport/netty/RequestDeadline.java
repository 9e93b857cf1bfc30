package dev.realtime.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a TCP connection that has not sent a complete request within the handshake timeout: a client cannot
 * hold a socket (and a half-read request head) open by sending nothing, or one byte at a time. {@link #met}
 * is called for every complete request; a keep-alive polling connection is given the deadline again
 * ({@link #rearm}) after each answer, so an idle one is closed too.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final String NAME = "request-deadline";

    private final Duration timeout;
    private final NettyMetrics metrics;
    private ScheduledFuture<?> task;
    private ChannelHandlerContext ctx;

    RequestDeadline(Duration timeout, NettyMetrics metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm();
        ctx.fireChannelActive();
    }

    private void arm() {
        task = ctx.executor().schedule(() -> {
            metrics.handshakeTimeout();
            ctx.channel().close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The answer to a request was written: the next request must come within the timeout. Any thread. */
    void rearm() {
        if (ctx != null) {
            ctx.executor().execute(() -> {
                if (task == null && ctx.channel().isActive()) {
                    arm();
                }
            });
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        met();
        ctx.fireChannelInactive();
    }

    /** The connection did what it had to in time. Event loop only. */
    void met() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
