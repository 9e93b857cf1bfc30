package dev.realtime.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP answers: refusals with an Engine.IO style body, polling answers, CORS preflights. CORS is done
 * as Socket.IO does it with credentials: the allowed {@code Origin} is echoed with
 * {@code Access-Control-Allow-Credentials: true} (a wildcard is not valid with credentials).
 */
final class HttpReplies {
    static final String TEXT_PLAIN = "text/plain; charset=UTF-8";
    static final String TEXT_HTML = "text/html";

    private HttpReplies() {
    }

    /** A refusal {@code {"code","message"}}; the connection is closed once it is written. */
    static void refuse(ChannelHandlerContext ctx, HttpHeaders request, Route route, NettyTransportOptions options,
                       NettyMetrics metrics) {
        metrics.handshakeRefused(route.status());
        String body = "{\"code\":" + route.engineCode() + ",\"message\":\""
                + route.message().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        FullHttpResponse response = response(HttpResponseStatus.valueOf(route.status()),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), HttpHeaderValues.APPLICATION_JSON.toString());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (route.status() == 426) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        }
        cors(response, request, options);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A 200 answer with {@code body}. */
    static FullHttpResponse ok(ByteBuf body, String contentType, HttpHeaders request, NettyTransportOptions options) {
        FullHttpResponse response = response(HttpResponseStatus.OK, body, contentType);
        cors(response, request, options);
        return response;
    }

    /** The answer to a CORS preflight. */
    static FullHttpResponse preflight(HttpHeaders request, NettyTransportOptions options) {
        FullHttpResponse response = response(HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER, null);
        cors(response, request, options);
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
        String wanted = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (wanted != null) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, wanted);
        }
        return response;
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private static void cors(FullHttpResponse response, HttpHeaders request, NettyTransportOptions options) {
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (origin != null && options.allowsOrigin(origin)) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }
}
