package dev.realtime.transport.netty;

import dev.realtime.transport.common.internal.codec.WsFrames;
import dev.realtime.transport.common.internal.connection.SocketIoConnection;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket of a polling session that is being upgraded: {@code 2probe} is answered {@code 3probe} (and a
 * waiting poll is answered with a noop so the client can pause polling), then the client's {@code 5} moves
 * the session onto this WebSocket and this handler hands over to a {@link WsFrameHandler}. Anything else
 * before the upgrade closes this WebSocket; the polling session goes on.
 */
final class UpgradeProbe extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeProbe.class);
    private static final ByteBuffer PROBE_ANSWER = SharedFrames.direct(WsFrames.text("3probe"));

    private final PollingSession session;
    private final WsOutlet outlet;
    private final NettyContext nctx;

    UpgradeProbe(PollingSession session, WsOutlet outlet, NettyContext nctx) {
        this.session = session;
        this.outlet = outlet;
        this.nctx = nctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame frame) {
                text(ctx, frame.text());
            } else if (msg instanceof PingWebSocketFrame ping) {
                // as on an upgraded socket: no pong while output waits, so a peer that pings and never reads
                // cannot queue pongs without bound
                if (ctx.channel().isWritable()) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else {
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void text(ChannelHandlerContext ctx, String text) {
        if ("2probe".equals(text)) {
            outlet.offer(PROBE_ANSWER);
            session.probed();
        } else if ("5".equals(text)) {
            SocketIoConnection connection = session.connection();
            if (connection != null && session.upgrade(outlet)) {
                connection.switchIo(outlet);
                ctx.pipeline().replace(this, "ws-frames", new WsFrameHandler(connection, outlet, nctx));
            } else {
                ctx.close();
            }
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // still here, so the client never switched: its polling goes on as before the probe
        session.probeEnded();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("upgrade of polling session failed: {}", cause.toString());
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // a violation the decoder found: it leaves the close frame to its connection's handler
            ctx.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus(), corrupted.getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
