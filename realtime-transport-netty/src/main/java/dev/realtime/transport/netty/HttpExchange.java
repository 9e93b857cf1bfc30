package dev.realtime.transport.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;

/**
 * One polling request waiting for its answer, which may come from any thread. A keep-alive connection gets
 * the request deadline again once the answer is written: an idle connection does not stay open for ever.
 *
 * @param ctx       the request's channel
 * @param headers   the request's headers (for CORS and keep-alive)
 * @param keepAlive whether the connection stays open after the answer
 * @param deadline  the connection's request deadline
 */
record HttpExchange(ChannelHandlerContext ctx, HttpHeaders headers, boolean keepAlive, RequestDeadline deadline) {

    static HttpExchange of(ChannelHandlerContext ctx, io.netty.handler.codec.http.FullHttpRequest request,
                           RequestDeadline deadline) {
        return new HttpExchange(ctx, request.headers().copy(), HttpUtil.isKeepAlive(request), deadline);
    }

    /** Writes the answer; thread-safe. */
    void answer(FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response).addListener(done -> {
                if (done.isSuccess()) {
                    deadline.rearm();
                } else {
                    ctx.channel().close();
                }
            });
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    boolean isOpen() {
        return ctx.channel().isActive();
    }
}
