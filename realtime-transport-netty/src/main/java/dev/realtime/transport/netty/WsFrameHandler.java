package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Hands the decoded, aggregated WebSocket messages of one connection to it, and turns the decoder's
 * protocol violations, the aggregator's size refusals and the channel's writability into closes. Every
 * failure is contained here, so one bad connection never disturbs the event loop's others.
 */
final class WsFrameHandler extends ChannelInboundHandlerAdapter {
    private final NettyConnection connection;
    private final NettyMetrics metrics;

    WsFrameHandler(NettyConnection connection, NettyMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                if (text.content().readableBytes() > connection.payloadLimit()) {
                    connection.payloadTooLarge();
                } else {
                    connection.text(text.text());
                }
            } else if (msg instanceof PongWebSocketFrame) {
                connection.wsPong();
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (ctx.channel().isWritable()) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                connection.remoteClose(close.statusCode(), close.reasonText());
            } else if (msg instanceof BinaryWebSocketFrame) {
                connection.binary();
            }
        } catch (RuntimeException e) {
            metrics.handlerError();
            NettyConnection.LOG.error("message of connection {} failed", connection.sessionId(), e);
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
        connection.closed(CloseReason.CLIENT);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // the decoder already sent its close frame (1002, 1007 or 1009) and closes once it is written
            int code = corrupted.closeStatus().code();
            metrics.protocolViolation(code);
            if (code == CloseReason.TOO_BIG.code()) {
                metrics.frameTooBig();
            }
            connection.violated(new CloseReason(code, corrupted.closeStatus().reasonText()));
        } else if (cause instanceof TooLongFrameException) {
            metrics.protocolViolation(CloseReason.TOO_BIG.code());
            connection.payloadTooLarge();
        } else if (cause instanceof IOException) {
            NettyConnection.LOG.debug("connection {}: {}", connection.sessionId(), cause.toString());
            ctx.close();
        } else {
            metrics.handlerError();
            NettyConnection.LOG.error("connection {} failed", connection.sessionId(), cause);
            ctx.close();
        }
    }
}
