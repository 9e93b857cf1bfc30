package dev.realtime.transport.netty;

import dev.realtime.transport.common.HandshakeFacts;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The first handler of every connection: reads one complete HTTP request (head and body already bounded by
 * the codec and aggregator), refuses what is not served with an HTTP status and an Engine.IO style error
 * body, and turns an accepted upgrade into a WebSocket connection, after which it leaves the pipeline.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String SUPPORTED_VERSION = "13";

    private final NettyContext nctx;
    private final RequestDeadline deadline;

    HttpRouter(NettyContext nctx, RequestDeadline deadline) {
        this.nctx = nctx;
        this.deadline = deadline;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431 : 400;
            refuse(ctx, request, Route.refuse(status, 3, "Bad request: " + (status == 400 ? "malformed request"
                    : "request head too large")));
            return;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        Route route = Route.of(request.uri(), origin, upgrade, nctx.options());
        if (route.refused()) {
            refuse(ctx, request, route);
        } else {
            upgrade(ctx, request, route);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, Route route) {
        if (!HttpMethod.GET.equals(request.method())) {
            refuse(ctx, request, Route.refuse(400, 3, "Bad request: a WebSocket upgrade is a GET request"));
            return;
        }
        if (!request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            refuse(ctx, request, Route.refuse(400, 3, "Bad request: a WebSocket upgrade needs Connection: Upgrade"));
            return;
        }
        if (!SUPPORTED_VERSION.equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            refuse(ctx, request, Route.refuse(426, 3, "Upgrade required: only WebSocket version "
                    + SUPPORTED_VERSION + " is supported"));
            return;
        }
        if (!validKey(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            refuse(ctx, request, Route.refuse(400, 3, "Bad request: Sec-WebSocket-Key must be 16 bytes in base64"));
            return;
        }
        NettyTransportOptions options = nctx.options();
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxPayloadBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri(), null, config)
                .newHandshaker(request);
        HandshakeFacts facts = HandshakeFacts.of(ip(ctx), headers(request), request.uri());
        WsOutlet outlet = new WsOutlet(ctx.channel(), options.closeTimeout());
        NettyConnection connection = route.kind() == Route.Kind.SOCKET_IO_WEBSOCKET
                ? new SocketIoConnection(nctx, outlet, facts)
                : new JsonConnection(nctx, outlet, facts);
        ChannelPipeline pipeline = ctx.pipeline();
        // Added before the handshake answer leaves; everything here runs on the event loop, so no frame can
        // be read before the pipeline is complete.
        pipeline.addLast("ws-utf8", new Utf8FrameValidator(true));
        pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(options.maxPayloadBytes()));
        pipeline.addLast("ws-frames", new WsFrameHandler(connection, nctx.metrics()));
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                deadline.met();
                nctx.connections().add(connection);
                connection.opened();
            } else {
                ctx.channel().close();
            }
        });
        pipeline.remove(this);
    }

    private static boolean validKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Answers a refusal with its status and {@code {"code","message"}}, then closes the connection. */
    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, Route route) {
        nctx.metrics().handshakeRefused(route.status());
        String body = "{\"code\":" + route.engineCode() + ",\"message\":\"" + route.message().replace("\"", "\\\"")
                + "\"}";
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(route.status()), Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (route.status() == 426) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, SUPPORTED_VERSION);
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && nctx.options().allowsOrigin(origin)) {
            // so that a browser script can read why it was refused
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            nctx.metrics().handshakeRefused(413);
        }
        NettyConnection.LOG.debug("HTTP request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static Map<String, String> headers(FullHttpRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (Entry<String, String> header : request.headers()) {
            headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        return headers;
    }

    private static String ip(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? remote.getAddress().getHostAddress() : "unknown";
    }
}
