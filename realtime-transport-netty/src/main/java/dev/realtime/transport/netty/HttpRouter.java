package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.transport.common.internal.HandshakeFacts;
import dev.realtime.transport.common.internal.connection.JsonConnection;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import dev.realtime.transport.common.internal.connection.SocketIoConnection;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection: reads one complete HTTP request at a time (head and body already
 * bounded by the codec and aggregator) and routes it: long-polling requests to {@link PollingRequests} (the
 * connection stays for the next request), WebSocket upgrades to a new connection (after which this handler
 * leaves the pipeline), and anything else to a refusal with an HTTP status and an Engine.IO style body.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);
    private static final String SUPPORTED_VERSION = "13";

    private final NettyContext nctx;
    private final PollingRequests polling;
    private final PollingSessions sessions;
    private final RequestDeadline deadline;

    HttpRouter(NettyContext nctx, PollingSessions sessions, PollingRequests polling, RequestDeadline deadline) {
        this.nctx = nctx;
        this.sessions = sessions;
        this.polling = polling;
        this.deadline = deadline;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        deadline.met();
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            // a request line over 4 KiB is a bad request, headers over 16 KiB are "too large" (431)
            Route refusal = cause instanceof TooLongHttpHeaderException
                    ? Route.refuse(431, 3, "Request header fields too large")
                    : Route.refuse(400, 3, cause instanceof TooLongHttpLineException
                            ? "Bad request: request line too long" : "Bad request: malformed request");
            refuse(ctx, request, refusal);
            return;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        Route route = Route.of(request.uri(), origin, upgrade, nctx.options());
        switch (route.kind()) {
            case REFUSED -> refuse(ctx, request, route);
            case POLLING -> polling.handle(ctx, request, route, () -> facts(ctx, request), deadline);
            case SOCKET_IO_UPGRADE -> upgradePolling(ctx, request, route);
            default -> openWebSocket(ctx, request, route);
        }
    }

    /** A new WebSocket connection, Socket.IO or plain JSON. */
    private void openWebSocket(ChannelHandlerContext ctx, FullHttpRequest request, Route route) {
        WebSocketServerHandshaker handshaker = handshaker(ctx, request);
        if (handshaker == null) {
            return;
        }
        WsOutlet outlet = new WsOutlet(ctx.channel(), nctx.options().closeTimeout());
        HandshakeFacts facts = facts(ctx, request);
        ProtocolConnection connection = route.kind() == Route.Kind.SOCKET_IO_WEBSOCKET
                ? new SocketIoConnection(nctx.protocol(), outlet, facts, ConnectionIds.random())
                : new JsonConnection(nctx.protocol(), outlet, facts, ConnectionIds.random());
        upgrade(ctx, request, handshaker, outlet, connection, new WsFrameHandler(connection, outlet, nctx), () -> {
            nctx.connections().add(connection);
            connection.opened();
        });
    }

    /** The WebSocket of an existing polling session, which moves onto it once the probe succeeds. */
    private void upgradePolling(ChannelHandlerContext ctx, FullHttpRequest request, Route route) {
        PollingSession session = sessions.get(route.sid());
        if (session == null || session.isOver()) {
            refuse(ctx, request, Route.refuse(400, 1, "Session ID unknown"));
            return;
        }
        WebSocketServerHandshaker handshaker = handshaker(ctx, request);
        if (handshaker == null) {
            return;
        }
        WsOutlet outlet = new WsOutlet(ctx.channel(), nctx.options().closeTimeout());
        upgrade(ctx, request, handshaker, outlet, session.connection(), new UpgradeProbe(session, outlet, nctx),
                () -> { });
    }

    /** Checks the upgrade request (RFC 6455 section 4.2.1); refuses it and returns null when it is wrong. */
    private WebSocketServerHandshaker handshaker(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            refuse(ctx, request, Route.refuse(400, 3, "Bad request: a WebSocket upgrade is a GET request"));
            return null;
        }
        if (!request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            refuse(ctx, request, Route.refuse(400, 3, "Bad request: a WebSocket upgrade needs Connection: Upgrade"));
            return null;
        }
        if (!SUPPORTED_VERSION.equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            refuse(ctx, request, Route.refuse(426, 3, "Upgrade required: only WebSocket version "
                    + SUPPORTED_VERSION + " is supported"));
            return null;
        }
        if (!validKey(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            refuse(ctx, request, Route.refuse(400, 3, "Bad request: Sec-WebSocket-Key must be 16 bytes in base64"));
            return null;
        }
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(nctx.options().maxPayloadBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(false) // WsFrameHandler answers: see its exceptionCaught
                .build();
        return StrictFrameDecoder.handshaker(
                "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri(), config);
    }

    /** Answers the upgrade and puts the WebSocket handlers in place of this one. */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketServerHandshaker handshaker,
                         WsOutlet outlet, ProtocolConnection connection, ChannelHandler frames, Runnable opened) {
        ChannelPipeline pipeline = ctx.pipeline();
        // Added before the handshake answer leaves; everything here runs on the event loop, so no frame can
        // be read before the pipeline is complete.
        pipeline.addLast("ws-utf8", new Utf8FrameValidator(true));
        pipeline.addLast("ws-limit", new MessageLimit(connection, nctx.metrics()));
        pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(nctx.options().maxPayloadBytes()));
        pipeline.addLast("ws-frames", frames);
        // the request arrived (met): a WebSocket's liveness is the heartbeat's business from now on
        pipeline.remove(RequestDeadline.NAME);
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                outlet.upgraded();
                opened.run();
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

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, Route route) {
        HttpReplies.refuse(ctx, request.headers(), route, nctx.options(), nctx.metrics());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            nctx.metrics().handshakeRefused(413);
        }
        LOG.debug("HTTP request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static HandshakeFacts facts(ChannelHandlerContext ctx, FullHttpRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (Entry<String, String> header : request.headers()) {
            headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        String ip = ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? remote.getAddress().getHostAddress() : "unknown";
        return HandshakeFacts.of(ip, headers, request.uri());
    }
}
