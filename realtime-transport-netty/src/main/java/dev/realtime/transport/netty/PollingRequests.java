package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.core.spi.transport.ConnectionIds;
import dev.realtime.transport.common.internal.HandshakeFacts;
import dev.realtime.transport.common.internal.connection.SocketIoConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Engine.IO v4 long-polling requests: the handshake GET opens a session and is answered with the OPEN
 * packet; later GETs collect the waiting packets; POSTs carry the client's packets, joined by {@code \x1e};
 * OPTIONS is a CORS preflight. Request bodies are already bounded by the payload limit (413 otherwise).
 */
final class PollingRequests {
    private static final char SEPARATOR = '\u001e';
    private static final CloseReason OVERLAP = new CloseReason(CloseReason.POLICY.code(), "polling request overlap");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NettyContext nctx;
    private final PollingSessions sessions;

    PollingRequests(NettyContext nctx, PollingSessions sessions) {
        this.nctx = nctx;
        this.sessions = sessions;
    }

    /**
     * @param facts what the request tells about the client, read only for a handshake (a poll needs none)
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, Route route, Supplier<HandshakeFacts> facts,
                RequestDeadline deadline) {
        HttpExchange exchange = HttpExchange.of(ctx, request, deadline);
        if (HttpMethod.OPTIONS.equals(request.method())) {
            exchange.answer(HttpReplies.preflight(request.headers(), nctx.options()));
            return;
        }
        if (route.sid() == null) {
            if (HttpMethod.GET.equals(request.method())) {
                open(ctx, exchange, facts.get());
            } else {
                refuse(ctx, request, 400, 2, "Bad handshake method");
            }
            return;
        }
        PollingSession session = sessions.get(route.sid());
        if (session != null && session.isFinished() && HttpMethod.POST.equals(request.method())) {
            answerOk(exchange, request); // the client's last words after the session ended (its close packet)
        } else if (session == null || session.isOver()) {
            refuse(ctx, request, 400, 1, "Session ID unknown");
        } else if (HttpMethod.GET.equals(request.method())) {
            if (!session.poll(exchange)) {
                refuse(ctx, request, 400, 3, "Bad request: overlapping polling request");
                // as Socket.IO does: a client that polls twice at once is broken, its session ends
                session.connection().abort(OVERLAP);
            }
        } else if (HttpMethod.POST.equals(request.method())) {
            post(ctx, request, session, exchange);
        } else {
            refuse(ctx, request, 400, 3, "Bad request: polling uses GET and POST");
        }
    }

    private void open(ChannelHandlerContext ctx, HttpExchange exchange, HandshakeFacts facts) {
        String sid = newSid();
        PollingSession session = new PollingSession(sid, sessions, nctx.connections(), ctx.executor(),
                nctx.options().maxOutboundBytes(), nctx.options().closeTimeout());
        SocketIoConnection connection = new SocketIoConnection(nctx.protocol(), session, facts,
                ConnectionIds.random(), sid, List.of("websocket"));
        session.connection(connection);
        if (!sessions.add(session)) {
            HttpReplies.refuse(exchange.ctx(), exchange.headers(), Route.refuse(503, 3,
                    "Service unavailable: too many sessions waiting for credentials"), nctx.options(), nctx.metrics());
            return;
        }
        nctx.connections().add(connection);
        session.poll(exchange);
        connection.opened();
    }

    private void post(ChannelHandlerContext ctx, FullHttpRequest request, PollingSession session,
                      HttpExchange exchange) {
        if (!session.startPost()) {
            refuse(ctx, request, 400, 3, "Bad request: overlapping polling request");
            session.connection().abort(OVERLAP);
            return;
        }
        try {
            String body = request.content().toString(StandardCharsets.UTF_8);
            SocketIoConnection connection = session.connection();
            int start = 0;
            while (start <= body.length() && !connection.isClosed()) {
                int end = body.indexOf(SEPARATOR, start);
                connection.text(body.substring(start, end < 0 ? body.length() : end));
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
        } finally {
            session.endPost();
        }
        answerOk(exchange, request);
    }

    private void answerOk(HttpExchange exchange, FullHttpRequest request) {
        exchange.answer(HttpReplies.ok(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII), HttpReplies.TEXT_HTML,
                request.headers(), nctx.options()));
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, int status, int code, String message) {
        HttpReplies.refuse(ctx, request.headers(), Route.refuse(status, code, message), nctx.options(),
                nctx.metrics());
    }

    /** A session id nobody can guess: 15 random bytes, base64url (20 characters, like Engine.IO's). */
    private static String newSid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
