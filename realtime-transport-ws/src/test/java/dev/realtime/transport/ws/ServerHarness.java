package dev.realtime.transport.ws;

import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.SystemClock;
import dev.realtime.core.auth.JwtAuthenticator;
import dev.realtime.core.auth.JwtOptions;
import dev.realtime.testkit.node.SocketIoScenarios;
import dev.realtime.testkit.wire.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Consumer;

/** A real engine with the real WebSocket transport on a free port, verifying HS256 tokens. */
final class ServerHarness implements SocketIoScenarios.Server {
    final TestTokens tokens;
    final Realtime realtime;
    final WebSocketTransport transport;
    /** The transport's meters. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SystemClock jwtClock = new SystemClock();

    ServerHarness(Consumer<RealtimeOptions.Builder> options, Consumer<WsTransportOptions.Builder> ws,
                  Consumer<Realtime.Builder> extra) {
        String secret = TestTokens.randomSecret();
        tokens = new TestTokens(secret);
        RealtimeOptions.Builder o = RealtimeOptions.builder().nodeId("it-node");
        options.accept(o);
        WsTransportOptions.Builder w = WsTransportOptions.builder().host("127.0.0.1").port(0);
        ws.accept(w);
        transport = WebSocketTransport.create(w.build(), meters);
        Realtime.Builder b = Realtime.builder().options(o.build()).transport(transport)
                .authenticator(new JwtAuthenticator(JwtOptions.builder().hmacSecret(secret).build(), jwtClock));
        extra.accept(b);
        realtime = b.build();
        realtime.start();
    }

    ServerHarness(Consumer<RealtimeOptions.Builder> options) {
        this(options, w -> { }, b -> { });
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

    String jsonUrl() {
        return "ws://127.0.0.1:" + transport.port() + "/ws";
    }

    @Override
    public void close() {
        realtime.close();
        jwtClock.close();
    }
}
