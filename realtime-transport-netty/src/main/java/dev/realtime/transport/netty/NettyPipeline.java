package dev.realtime.transport.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The handlers of a new TCP connection: the request deadline, the HTTP codec with bounded request heads
 * (request line 4 KiB, else 400; headers 16 KiB, else 431), a body bounded by the payload limit
 * ({@link PollingBodyLimit}), then the {@link HttpRouter}.
 */
final class NettyPipeline extends ChannelInitializer<SocketChannel> {
    static final int MAX_INITIAL_LINE = 4 * 1024;
    static final int MAX_HEADERS = 16 * 1024;
    private static final int MAX_CHUNK = 8 * 1024;

    private final NettyContext nctx;
    private final PollingSessions sessions;
    private final PollingRequests polling;

    NettyPipeline(NettyContext nctx, PollingSessions sessions) {
        this.nctx = nctx;
        this.sessions = sessions;
        this.polling = new PollingRequests(nctx, sessions);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        RequestDeadline deadline = new RequestDeadline(nctx.options().handshakeTimeout(), nctx.metrics());
        channel.pipeline()
                .addLast(RequestDeadline.NAME, deadline)
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                .addLast("http-aggregator", new PollingBodyLimit(nctx, sessions))
                .addLast("router", new HttpRouter(nctx, sessions, polling, deadline));
    }
}
