package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the decoded, aggregated WebSocket messages of one connection to it, and turns the decoder's
 * protocol violations, the aggregator's size refusals, the client's close frame and the channel's writability
 * into closes. Every failure is contained here, so one bad connection never disturbs the event loop's others.
 */
final class WsFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WsFrameHandler.class);

    private final ProtocolConnection connection;
    private final WsOutlet outlet;
    private final NettyContext nctx;

    WsFrameHandler(ProtocolConnection connection, WsOutlet outlet, NettyContext nctx) {
        this.connection = connection;
        this.outlet = outlet;
        this.nctx = nctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                connection.text(text.text());
            } else if (msg instanceof PongWebSocketFrame) {
                connection.wsPong();
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (ctx.channel().isWritable()) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                if (connection.beginClose(CloseReason.CLIENT)) {
                    outlet.answerClose(close.statusCode());
                } else {
                    outlet.abort(CloseReason.CLIENT); // the answer to our own close frame
                }
            } else if (msg instanceof BinaryWebSocketFrame) {
                connection.binary();
            }
        } catch (RuntimeException e) {
            nctx.metrics().handlerError();
            LOG.error("message of connection {} failed", connection.sessionId(), e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            connection.slowReader();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        nctx.connections().closed(connection, CloseReason.CLIENT);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The decoder stops reading at a violation and leaves the answer to us (it does not close on its
            // own), so that a message over the limit is first explained to the client, as on the other transport.
            int code = corrupted.closeStatus().code();
            nctx.metrics().protocolViolation(code);
            if (code == CloseReason.TOO_BIG.code()) {
                nctx.metrics().frameTooBig();
                connection.payloadTooLarge();
            }
            String reason = corrupted.getMessage() != null ? corrupted.getMessage() : corrupted.closeStatus().reasonText();
            if (connection.beginClose(new CloseReason(code, reason))) {
                ctx.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus(), reason))
                        .addListener(ChannelFutureListener.CLOSE);
                outlet.abortLater();
            }
        } else if (cause instanceof TooLongFrameException) {
            nctx.metrics().protocolViolation(CloseReason.TOO_BIG.code());
            MessageLimit.tooBig(connection, nctx.metrics());
        } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // the peer went away (mid-message): nothing to report
            LOG.debug("connection {}: {}", connection.sessionId(), cause.toString());
            ctx.close();
        } else {
            nctx.metrics().handlerError();
            LOG.error("connection {} failed", connection.sessionId(), cause);
            ctx.close();
        }
    }
}
