package dev.realtime.transport.netty;

import dev.realtime.testkit.wire.TestTokens;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.SystemClock;
import dev.realtime.core.auth.JwtAuthenticator;
import dev.realtime.core.auth.JwtOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Consumer;

/** A real engine with the Netty transport on a free port, verifying HS256 tokens. */
final class NettyServerHarness implements AutoCloseable {
    final TestTokens tokens;
    final Realtime realtime;
    final NettyTransport transport;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SystemClock jwtClock = new SystemClock();

    NettyServerHarness(Consumer<NettyTransportOptions.Builder> netty) {
        String secret = TestTokens.randomSecret();
        tokens = new TestTokens(secret);
        NettyTransportOptions.Builder n = NettyTransportOptions.builder().host("127.0.0.1").port(0).ioThreads(2);
        netty.accept(n);
        transport = NettyTransport.create(n.build(), meters);
        realtime = Realtime.builder().options(RealtimeOptions.builder().nodeId("it-node").build()).transport(transport)
                .authenticator(new JwtAuthenticator(JwtOptions.builder().hmacSecret(secret).build(), jwtClock))
                .build();
        realtime.start();
    }

    NettyServerHarness() {
        this(n -> { });
    }

    /** The URL a socket.io-client connects to. */
    String url() {
        return "http://127.0.0.1:" + transport.port();
    }

    @Override
    public void close() {
        realtime.close();
        jwtClock.close();
    }
}
