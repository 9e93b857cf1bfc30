package dev.realtime.standalone.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one connection, one at a time and in order. While a request is with its handler the
 * connection is not read, so a pipelining client cannot queue up work or memory; reading resumes once the
 * answer is written. After an answer that ends the connection (413, a malformed head) the server stops writing
 * and drops what the client still sends until it closes, so the client can read the answer rather than see
 * a reset. Every path ends in a closed channel: a failed write, a client gone, a handler answering after the
 * connection closed.
 */
final class OpsDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OpsDispatcher.class);

    private enum After { NEXT, CLOSE, DRAIN }

    private final OpsRoutes routes;
    private final RequestClock clock;
    /** Requests decoded from the same read as the one being served: at most the codec's pipeline depth. */
    private final Queue<Object> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;

    OpsDispatcher(OpsRoutes routes, RequestClock clock) {
        this.routes = routes;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !(msg instanceof FullHttpRequest || msg instanceof BodyLimit.Oversized)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        waiting.add(msg);
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        Object msg = waiting.poll();
        if (msg == null) {
            busy = false;
            clock.idle();
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        clock.busy();
        if (msg instanceof BodyLimit.Oversized oversized) {
            NettyHttp.Exchange exchange = NettyHttp.Exchange.of(oversized.head()).closing();
            OpsResponse answer;
            try {
                answer = routes.tooLarge(NettyHttp.headOnly(oversized.head()));
            } catch (IllegalArgumentException e) {
                answer = badRequest("malformed request target");
            }
            reply(ctx, exchange, answer, After.DRAIN);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        NettyHttp.Exchange exchange;
        OpsRequest ops;
        try {
            DecoderResult decoded = request.decoderResult();
            if (decoded.isFailure()) {
                LOG.debug("malformed HTTP request from {}: {}", ctx.channel().remoteAddress(), decoded.cause().toString());
                reply(ctx, NettyHttp.Exchange.CLOSING, malformed(decoded.cause()), After.DRAIN);
                return;
            }
            exchange = NettyHttp.Exchange.of(request);
            ops = NettyHttp.toOps(request);
        } catch (IllegalArgumentException e) {
            reply(ctx, NettyHttp.Exchange.CLOSING, badRequest("malformed request target"), After.DRAIN);
            return;
        } finally {
            request.release();
        }
        routes.answer(ops).whenComplete((answer, failure) -> onLoop(ctx, () -> reply(ctx, exchange,
                answer == null ? OpsRoutes.internalError() : answer,
                exchange.keepAlive() ? After.NEXT : After.CLOSE)));
    }

    private void reply(ChannelHandlerContext ctx, NettyHttp.Exchange exchange, OpsResponse answer, After after) {
        if (!ctx.channel().isActive()) {
            // the client left while its request was served: nothing to write, the channel is already closed
            return;
        }
        ChannelFuture written;
        try {
            clock.writing();
            written = ctx.writeAndFlush(NettyHttp.toNetty(answer, exchange));
        } catch (RuntimeException e) {
            LOG.error("cannot write the answer {}", answer, e);
            ctx.close();
            return;
        }
        written.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                LOG.debug("HTTP client went away: {}", f.cause().toString());
                ctx.close();
            } else if (after == After.NEXT) {
                next(ctx);
            } else if (after == After.DRAIN && ctx.channel() instanceof DuplexChannel duplex) {
                drain(ctx, duplex);
            } else {
                ctx.close();
            }
        });
    }

    private void drain(ChannelHandlerContext ctx, DuplexChannel channel) {
        closing = true;
        releaseWaiting();
        clock.draining();
        channel.shutdownOutput().addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                channel.config().setAutoRead(true);
            } else {
                ctx.close();
            }
        });
    }

    /** Runs {@code task} on the connection's event loop, where all its state lives. */
    private static void onLoop(ChannelHandlerContext ctx, Runnable task) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the server is stopping and closes every connection itself
            LOG.debug("answer dropped: the operations server is stopping");
        }
    }

    private static OpsResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return OpsResponse.json(431, Map.of("error", "request headers larger than "
                    + OpsLimits.MAX_HEADER_BYTES + " bytes"));
        }
        if (cause instanceof TooLongHttpLineException) {
            return badRequest("request line longer than " + OpsLimits.MAX_INITIAL_LINE_BYTES + " bytes");
        }
        return badRequest("malformed request");
    }

    private static OpsResponse badRequest(String message) {
        return OpsResponse.json(400, Map.of("error", message));
    }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // resets, pipelining past the codec's depth, ...: nothing worth more than a debug line, and never a
        // line per attacker's packet at a higher level
        LOG.debug("operations HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
