package dev.realtime.standalone.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Collects a request's body up to the limit, then hands on one full request. A larger body (declared or
 * streamed) is not kept: the request's head goes on as {@link Oversized}, so the handler it was for can
 * answer 413 in its own format, and the rest of the body is dropped as it arrives.
 */
final class BodyLimit extends HttpObjectAggregator {
    /**
     * A request whose body was over the limit.
     *
     * @param head its method, target and headers (a copy that holds no buffer)
     */
    record Oversized(HttpRequest head) {
    }

    BodyLimit(int maxBodyBytes) {
        // an unsupported Expect header gets 417 and the connection is closed, rather than left half-read
        super(maxBodyBytes, true);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            // no bare 413 from Netty: handleOversizedMessage answers in the handler's format
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    /**
     * Netty's aggregator asks for more input while a message is incomplete even when reading is paused. Here
     * reading is paused only while an earlier request is being answered, so a pipelined request simply waits in
     * the socket: without this, a client could make the server buffer request after request behind a slow one.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (oversized instanceof HttpRequest request) {
            ctx.fireChannelRead(new Oversized(new DefaultHttpRequest(request.protocolVersion(), request.method(),
                    request.uri(), request.headers().copy())));
        } else {
            ctx.close();
        }
    }
}
