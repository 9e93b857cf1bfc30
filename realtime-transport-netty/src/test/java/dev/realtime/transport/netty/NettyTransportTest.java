package dev.realtime.transport.netty;

import static dev.realtime.testkit.wire.RawWs.CLOSE;
import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.closePayload;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawWs;
import dev.realtime.core.spi.transport.OutboundEvent;
import dev.realtime.transport.common.internal.codec.JsonCodec;
import dev.realtime.transport.common.internal.codec.SocketIoCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the contract suite does not cover: native I/O, encode-once fan-out, close codes a peer may not send. */
class NettyTransportTest {
    private final FakeGateway gateway = new FakeGateway();
    private NettyTransport transport;

    @BeforeEach
    void start() {
        transport = NettyTransport.create(NettyTransportOptions.builder().host("127.0.0.1").port(0).ioThreads(2)
                .closeTimeout(Duration.ofSeconds(1)).build());
        transport.start(gateway);
    }

    @AfterEach
    void stop() {
        transport.stop();
    }

    private RawWs authenticated(String path, String auth) throws Exception {
        RawWs ws = RawWs.upgraded(transport.port(), path);
        ws.write(frame(FIN | TEXT, utf8(auth)));
        return ws;
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void runsOnNativeEpollOnLinux() {
        assertThat(transport.usesNativeTransport()).isTrue();
    }

    @Test
    void eachEventLoopSweepsTheHeartbeatsOfItsOwnConnections() throws Exception {
        NettyTransport twoLoops = NettyTransport.create(NettyTransportOptions.builder().host("127.0.0.1").port(0)
                .ioThreads(2).pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofSeconds(5))
                .closeTimeout(Duration.ofSeconds(1)).build());
        twoLoops.start(new FakeGateway());
        try {
            // connections are spread over the loops in turn: four of them cover both loops' sweeps
            for (int i = 0; i < 4; i++) {
                try (RawWs sio = RawWs.upgraded(twoLoops.port(), "/socket.io/?EIO=4&transport=websocket")) {
                    assertThat(sio.nextText()).startsWith("0{");
                    assertThat(sio.nextText()).isEqualTo(SocketIoCodec.ENGINE_PING);
                }
            }
        } finally {
            twoLoops.stop();
        }
    }

    @Test
    void fanOutEncodesOncePerProtocolAndSharesTheBytes() throws Exception {
        try (RawWs json = authenticated("/ws", "{\"event\":\"auth\",\"data\":{\"token\":\"good\"}}");
             RawWs sio = RawWs.upgraded(transport.port(), "/socket.io/?EIO=4&transport=websocket")) {
            assertThat(sio.nextText()).startsWith("0{");
            sio.write(frame(FIN | TEXT, utf8("40{\"token\":\"good\"}")));
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.channels.size() == 2);
            OutboundEvent event = new OutboundEvent("news", Map.of("n", 1));
            transport.fanOut(event, List.copyOf(gateway.channels.values()));
            ByteBuffer first = SharedFrames.event(SocketIoCodec.INSTANCE, event);
            assertThat(SharedFrames.event(SocketIoCodec.INSTANCE, event)).isSameAs(first);
            assertThat(SharedFrames.event(JsonCodec.INSTANCE, event)).isNotSameAs(first);
            String got = json.nextText();
            while (!got.contains("news")) {
                got = json.nextText();
            }
            assertThat(got).isEqualTo("{\"event\":\"news\",\"data\":{\"n\":1}}");
        }
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2000, 5000})
    void aCloseCodeAPeerMayNotSendIsAProtocolError(int code) throws Exception {
        try (RawWs ws = authenticated("/ws", "{\"event\":\"auth\",\"data\":{\"token\":\"good\"},\"ack\":1}")) {
            assertThat(ws.nextText()).contains("\"success\":true");
            ws.write(frame(FIN | CLOSE, closePayload(code, utf8("bye"))));
            assertThat(ws.awaitClose()).isEqualTo(1002);
        }
    }

    @Test
    void aCloseReasonThatIsNotUtf8IsAnsweredWith1007() throws Exception {
        try (RawWs ws = authenticated("/ws", "{\"event\":\"auth\",\"data\":{\"token\":\"good\"},\"ack\":1}")) {
            assertThat(ws.nextText()).contains("\"success\":true");
            ws.write(frame(FIN | CLOSE, closePayload(1000, new byte[] {(byte) 0xC3, (byte) 0x28})));
            assertThat(ws.awaitClose()).isEqualTo(1007);
        }
    }
}
