package dev.realtime.transport.netty;

import static dev.realtime.testkit.wire.RawWs.BINARY;
import static dev.realtime.testkit.wire.RawWs.CLOSE;
import static dev.realtime.testkit.wire.RawWs.CONTINUATION;
import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.PING;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.closePayload;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawWs;
import dev.realtime.testkit.wire.RawClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WebSocket hardening of the Netty transport over raw sockets: refused upgrades with their HTTP status,
 * and the framing rules of RFC 6455 section 5, each broken rule ending only that connection with the close
 * code the RFC asks for, and counted.
 */
class WebSocketDefencesTest {
    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final int MAX_PRE_AUTH = 16 * 1024;
    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};

    private final FakeGateway gateway = new FakeGateway();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private NettyTransport transport;

    @BeforeEach
    void start() {
        transport = NettyTransport.create(NettyTransportOptions.builder().host("127.0.0.1").port(0).ioThreads(2)
                .maxPayloadBytes(MAX_PAYLOAD).maxPreAuthPayloadBytes(MAX_PRE_AUTH)
                .allowedOrigins(List.of("https://app.example")).closeTimeout(Duration.ofSeconds(1))
                .authTimeout(Duration.ofMillis(500)).build(), meters);
        transport.start(gateway);
    }

    @AfterEach
    void stop() {
        transport.stop();
    }

    private RawWs authenticated() throws Exception {
        RawWs ws = RawWs.upgraded(transport.port(), "/ws");
        ws.write(frame(FIN | TEXT, utf8("{\"event\":\"auth\",\"data\":{\"token\":\"good\"},\"ack\":1}")));
        assertThat(ws.nextText()).contains("\"success\":true");
        return ws;
    }

    private int closeCodeFor(byte[] attack, boolean authenticate) throws Exception {
        try (RawWs ws = authenticate ? authenticated() : RawWs.upgraded(transport.port(), "/ws")) {
            ws.write(attack);
            return ws.awaitClose();
        }
    }

    @Nested
    class Upgrades {
        private String answer(String path, String origin) throws Exception {
            return RawClient.answerTo(transport.port(), path, origin);
        }

        @Test
        void refusalsCarryTheirStatus() throws Exception {
            assertThat(answer("/nope", null)).startsWith("HTTP/1.1 404");
            assertThat(answer("/ws", "https://evil.example")).startsWith("HTTP/1.1 403");
            assertThat(answer("/socket.io/?EIO=3&transport=websocket", null)).startsWith("HTTP/1.1 400")
                    .contains("\"code\":5");
            assertThat(answer("/ws", "https://app.example")).startsWith("HTTP/1.1 101");
            assertThat(meters.get("realtime.ws.handshakes.refused").tag("status", "403").counter().count())
                    .isEqualTo(1);
        }

        @Test
        void aWrongVersionIs426AndABadKeyIs400() throws Exception {
            String head = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
            assertThat(raw(head + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 8\r\n\r\n"))
                    .startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
            assertThat(raw(head + "Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
        }

        private String raw(String request) throws Exception {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", transport.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                return new String(socket.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Nested
    class Framing {
        @ParameterizedTest(name = "authenticated={0}")
        @ValueSource(booleans = {false, true})
        void anUnmaskedFrameIsAProtocolError(boolean authenticated) throws Exception {
            assertThat(closeCodeFor(frame(FIN | TEXT, utf8("{\"event\":\"ping\"}"), false), authenticated))
                    .isEqualTo(1002);
        }

        @ParameterizedTest(name = "first byte {0}")
        @ValueSource(ints = {FIN | 0x40 | TEXT, FIN | 0x20 | TEXT, FIN | 0x10 | BINARY})
        void reservedBitsWithoutAnExtensionAreAProtocolError(int firstByte) throws Exception {
            assertThat(closeCodeFor(frame(firstByte, utf8("{}")), true)).isEqualTo(1002);
        }

        @Test
        void aControlFrameOver125BytesIsAProtocolError() throws Exception {
            assertThat(closeCodeFor(frame(FIN | PING, new byte[126]), true)).isEqualTo(1002);
        }

        @Test
        void aFragmentedControlFrameIsAProtocolError() throws Exception {
            assertThat(closeCodeFor(frame(PING, new byte[2]), true)).isEqualTo(1002);
        }

        @Test
        void invalidUtf8TextIsInvalidPayload() throws Exception {
            assertThat(closeCodeFor(frame(FIN | TEXT, INVALID_UTF8), true)).isEqualTo(1007);
        }

        @Test
        void aOneByteCloseFrameIsAProtocolError() throws Exception {
            assertThat(closeCodeFor(frame(FIN | CLOSE, new byte[] {3}), true)).isEqualTo(1002);
        }

        @Test
        void aValidCloseIsEchoed() throws Exception {
            assertThat(closeCodeFor(frame(FIN | CLOSE, closePayload(1000, utf8("bye"))), true)).isEqualTo(1000);
        }

        @Test
        void aFrameOverThePayloadLimitIsTooBig() throws Exception {
            assertThat(closeCodeFor(frame(FIN | TEXT, new byte[MAX_PAYLOAD + 1]), true)).isEqualTo(1009);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    meters.get("realtime.ws.frames.too.big").counter().count() >= 1);
        }

        @Test
        void aMessageOverThePreAuthenticationLimitIsTooBig() throws Exception {
            assertThat(closeCodeFor(frame(FIN | TEXT, new byte[MAX_PRE_AUTH + 1]), false)).isEqualTo(1009);
        }

        @Test
        void anUnfinishedFragmentedMessageIsCutOffAtThePreAuthenticationLimit() throws Exception {
            ByteArrayOutputStream attack = new ByteArrayOutputStream();
            attack.write(frame(TEXT, new byte[4096]));
            for (int sent = 4096; sent <= MAX_PRE_AUTH; sent += 4096) {
                attack.write(frame(CONTINUATION, new byte[4096])); // never FIN
            }
            assertThat(closeCodeFor(attack.toByteArray(), false)).isEqualTo(1009);
        }

        @Test
        void anUnfinishedFragmentedMessageIsCutOffAtThePayloadLimit() throws Exception {
            ByteArrayOutputStream attack = new ByteArrayOutputStream();
            attack.write(frame(TEXT, new byte[8192]));
            for (int sent = 8192; sent <= MAX_PAYLOAD; sent += 8192) {
                attack.write(frame(CONTINUATION, new byte[8192]));
            }
            assertThat(closeCodeFor(attack.toByteArray(), true)).isEqualTo(1009);
        }

        @Test
        void aMessageInTooManyFragmentsIsTooBig() throws Exception {
            ByteArrayOutputStream attack = new ByteArrayOutputStream();
            attack.write(frame(TEXT, new byte[0]));
            for (int i = 0; i < MessageLimit.MAX_FRAGMENTS; i++) {
                attack.write(frame(CONTINUATION, new byte[0]));
            }
            assertThat(closeCodeFor(attack.toByteArray(), true)).isEqualTo(1009);
        }

        @Test
        void aFragmentedMessageWithAPingBetweenItsPiecesIsAccepted() throws Exception {
            try (RawWs ws = authenticated()) {
                byte[] json = utf8("{\"event\":\"echo\",\"data\":\"abcdefgh\",\"ack\":7}");
                int half = json.length / 2;
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(frame(TEXT, java.util.Arrays.copyOfRange(json, 0, half)));
                all.write(frame(FIN | PING, utf8("hi")));
                all.write(frame(FIN | CONTINUATION, java.util.Arrays.copyOfRange(json, half, json.length)));
                ws.write(all.toByteArray());
                String answer = ws.nextText();
                while (answer != null && !answer.contains("\"ack\":7")) {
                    answer = ws.nextText();
                }
                assertThat(answer).contains("\"success\":true");
            }
        }
    }
}
