package dev.realtime.transport.netty;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.SystemClock;
import dev.realtime.core.auth.JwtAuthenticator;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.testkit.node.SocketIoScenarios;
import dev.realtime.testkit.wire.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Consumer;

/** A real engine with the Netty transport on a free port, verifying HS256 tokens. */
final class NettyServerHarness implements SocketIoScenarios.Server {
    final TestTokens tokens;
    final Realtime realtime;
    final NettyTransport transport;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SystemClock jwtClock = new SystemClock();

    NettyServerHarness(Consumer<RealtimeOptions.Builder> options, Consumer<NettyTransportOptions.Builder> netty,
                       Consumer<Realtime.Builder> extra) {
        this(TestTokens.randomSecret(), options, netty, extra);
    }

    /** A node verifying tokens signed with {@code secret}: nodes of one cluster share it. */
    NettyServerHarness(String secret, Consumer<RealtimeOptions.Builder> options,
                       Consumer<NettyTransportOptions.Builder> netty, Consumer<Realtime.Builder> extra) {
        tokens = new TestTokens(secret);
        RealtimeOptions.Builder o = RealtimeOptions.builder().nodeId("it-node");
        options.accept(o);
        NettyTransportOptions.Builder n = NettyTransportOptions.builder().host("127.0.0.1").port(0).ioThreads(2);
        netty.accept(n);
        transport = NettyTransport.create(n.build(), meters);
        Realtime.Builder b = Realtime.builder().options(o.build()).transport(transport)
                .authenticator(new JwtAuthenticator(JwtOptions.builder().hmacSecret(secret).build(), jwtClock));
        extra.accept(b);
        realtime = b.build();
        realtime.start();
    }

    NettyServerHarness(Consumer<NettyTransportOptions.Builder> netty) {
        this(o -> { }, netty, b -> { });
    }

    NettyServerHarness() {
        this(n -> { });
    }

    @Override
    public Realtime realtime() {
        return realtime;
    }

    @Override
    public TestTokens tokens() {
        return tokens;
    }

    /** The URL a socket.io-client connects to. */
    @Override
    public String url() {
        return "http://127.0.0.1:" + transport.port();
    }

    @Override
    public void close() {
        realtime.close();
        jwtClock.close();
    }
}
