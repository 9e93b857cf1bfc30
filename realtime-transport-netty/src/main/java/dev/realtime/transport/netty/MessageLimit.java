package dev.realtime.transport.netty;

import dev.realtime.core.spi.transport.CloseReason;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits in front of the frame aggregator and bounds every message, fragmented or not, by the connection's
 * current limit (small until it authenticates) and by a number of pieces: the aggregator alone would buffer a
 * never-finished message up to the full payload limit, from a client without credentials, or take an
 * endless stream of empty fragments. A message over either bound closes the connection with 1009.
 */
final class MessageLimit extends ChannelInboundHandlerAdapter {
    /** Pieces one fragmented message may come in. */
    static final int MAX_FRAGMENTS = 1024;

    private final ProtocolConnection connection;
    private final NettyMetrics metrics;
    private long size;
    private int pieces;
    private boolean refused;

    MessageLimit(ProtocolConnection connection, NettyMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
    }

    /** Tells the client why (when it authenticated), counts, and closes with 1009. */
    static void tooBig(ProtocolConnection connection, NettyMetrics metrics) {
        metrics.frameTooBig();
        connection.payloadTooLarge();
        connection.close(CloseReason.TOO_BIG);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            size = 0;
            pieces = 0;
        }
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            size += frame.content().readableBytes();
            pieces++;
            if (size > connection.payloadLimit() || pieces > MAX_FRAGMENTS) {
                refused = true;
                ReferenceCountUtil.release(msg);
                tooBig(connection, metrics);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
