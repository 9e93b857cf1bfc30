package dev.realtime.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Joins each request's body, bounded by the payload limit. A long-polling POST over the limit is refused the
 * way a WebSocket message over it is: the session's client gets {@code PAYLOAD_TOO_LARGE} and then the close
 * packet, on its poll. That POST, whose body is never read, is answered "ok" on a connection that then closes:
 * a 413 would make the client drop the session at once, before its poll brings the reason. Any other request
 * over the limit gets 413.
 */
final class PollingBodyLimit extends HttpObjectAggregator {
    private final NettyContext nctx;
    private final PollingSessions sessions;

    PollingBodyLimit(NettyContext nctx, PollingSessions sessions) {
        super(nctx.options().maxPayloadBytes());
        this.nctx = nctx;
        this.sessions = sessions;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        PollingSession session = oversized instanceof HttpRequest request && HttpMethod.POST.equals(request.method())
                ? sessions.get(sid(request.uri())) : null;
        if (session == null || session.isOver()) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        MessageLimit.tooBig(session.connection(), nctx.metrics());
        FullHttpResponse ok = HttpReplies.ok(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII),
                HttpReplies.TEXT_HTML, oversized.headers(), nctx.options());
        ok.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(ok).addListener(ChannelFutureListener.CLOSE);
    }

    private static String sid(String uri) {
        List<String> sid = new QueryStringDecoder(uri).parameters().get("sid");
        return sid == null || sid.isEmpty() ? null : sid.get(0);
    }
}
