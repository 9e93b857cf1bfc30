package dev.realtime.standalone.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one connection. Each phase has one, counted from the phase's start and never extended by
 * progress, so a client that trickles a byte a second gains nothing (an idle-read timer would be reset by
 * every byte):
 * <ul>
 *   <li>head: the request head must be complete within the header timeout of the connection opening, or of
 *       the first byte of a later request;</li>
 *   <li>body: the body must then be complete within the header timeout;</li>
 *   <li>write: the client must take the answer within the header timeout;</li>
 *   <li>idle: a keep-alive connection may wait the idle timeout for its next request.</li>
 * </ul>
 * While a handler works there is no deadline: reading is paused then, and the handler's own pool bounds it.
 * A passed deadline closes the connection (after a 408 when part of a request had arrived) and is counted.
 * All methods run on the connection's event loop.
 */
final class RequestClock {
    private enum Decoding { NONE, HEAD, BODY }

    private enum Work { IDLE, BUSY, WRITING, DRAINING, CLOSED }

    private enum Phase { HEAD, BODY, IDLE, BUSY, WRITE, DRAIN }

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Channel channel;
    private final long headerNanos;
    private final long idleNanos;
    private final OpsMetrics metrics;

    private Decoding decoding = Decoding.NONE;
    private Work work = Work.IDLE;
    private boolean served;
    private Phase phase;
    private long deadline = NO_DEADLINE;
    private ScheduledFuture<?> timer;
    private long timerAt;

    RequestClock(Channel channel, OpsLimits limits, OpsMetrics metrics) {
        this.channel = channel;
        this.headerNanos = limits.headerTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        this.metrics = metrics;
    }

    /** Sees raw bytes, before the HTTP decoder: the first byte of a request starts its head deadline. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf buf && buf.isReadable() && decoding == Decoding.NONE) {
                    decoding = Decoding.HEAD;
                    update();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Sees decoded parts, after the HTTP decoder: a head, then the last piece of its body. */
    ChannelHandler messages() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    decoding = Decoding.BODY;
                }
                if (msg instanceof LastHttpContent) {
                    decoding = Decoding.NONE;
                }
                update();
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** The connection is open: its first request head is due. */
    void start() {
        update();
    }

    /** A complete request is with its handler. */
    void busy() {
        transition(Work.BUSY);
    }

    /** An answer is being written. */
    void writing() {
        transition(Work.WRITING);
    }

    /** The answer is out and the connection stays open for the next request. */
    void idle() {
        served = true;
        transition(Work.IDLE);
    }

    /** The last answer is out; what the client still sends is read and dropped until it closes. */
    void draining() {
        transition(Work.DRAINING);
    }

    void stop() {
        work = Work.CLOSED;
        cancel();
    }

    private void transition(Work next) {
        if (work != Work.CLOSED) {
            work = next;
            update();
        }
    }

    private Phase currentPhase() {
        return switch (work) {
            case BUSY, CLOSED -> Phase.BUSY;
            case WRITING -> Phase.WRITE;
            case DRAINING -> Phase.DRAIN;
            case IDLE -> switch (decoding) {
                // a new connection owes its first head within the header timeout, bytes or not
                case NONE -> served ? Phase.IDLE : Phase.HEAD;
                case HEAD -> Phase.HEAD;
                case BODY -> Phase.BODY;
            };
        };
    }

    /** Restarts the deadline when the phase changed; keeps it while the phase lasts. */
    private void update() {
        if (work == Work.CLOSED) {
            return;
        }
        Phase next = currentPhase();
        if (next == phase) {
            return;
        }
        phase = next;
        long timeout = switch (next) {
            case BUSY -> NO_DEADLINE;
            case IDLE -> idleNanos;
            case HEAD, BODY, WRITE, DRAIN -> headerNanos;
        };
        if (timeout == NO_DEADLINE) {
            deadline = NO_DEADLINE;
            return;
        }
        long now = System.nanoTime();
        deadline = now + timeout;
        // one timer per connection: it is moved only when the new deadline comes earlier
        if (timer == null || timerAt - deadline > 0) {
            cancel();
            arm(now);
        }
    }

    private void arm(long now) {
        timerAt = deadline;
        timer = channel.eventLoop().schedule(this::check, deadline - now, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check() {
        timer = null;
        if (work == Work.CLOSED || deadline == NO_DEADLINE) {
            return;
        }
        long now = System.nanoTime();
        if (deadline - now > 0) {
            arm(now);
            return;
        }
        expire();
    }

    private void expire() {
        Phase expired = phase;
        boolean partialRequest = work == Work.IDLE && decoding != Decoding.NONE;
        stop();
        switch (expired) {
            case HEAD -> metrics.timedOut(OpsMetrics.Phase.HEAD);
            case BODY -> metrics.timedOut(OpsMetrics.Phase.BODY);
            case IDLE -> metrics.timedOut(OpsMetrics.Phase.IDLE);
            case WRITE -> metrics.timedOut(OpsMetrics.Phase.WRITE);
            default -> {
                // draining ends quietly: the answer was already given
            }
        }
        if (partialRequest && channel.isActive()) {
            channel.writeAndFlush(NettyHttp.toNetty(OpsResponse.json(408, Map.of("error", "request timeout")),
                    NettyHttp.Exchange.CLOSING)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }
}
