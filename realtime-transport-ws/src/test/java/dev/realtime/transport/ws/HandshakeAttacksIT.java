package dev.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.testkit.wire.RawWs;
import dev.realtime.testkit.wire.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The upgrade request matrix (RFC 6455 section 4.2.1): each malformed or hostile request gets its HTTP
 * status before any WebSocket opens, and heads that never end cost neither memory nor CPU.
 */
class HandshakeAttacksIT extends AttackFixture {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);

    private String answer(String request) throws IOException {
        try (RawWs ws = RawWs.tcp(port(), 0)) {
            ws.write(request.getBytes(StandardCharsets.ISO_8859_1));
            return ws.readAll();
        }
    }

    private static String request(String requestLine, String... headers) {
        return requestLine + "\r\nHost: 127.0.0.1\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
    }

    @Test
    void aMissingKeyIsABadRequest() throws Exception {
        assertThat(answer(request("GET /ws HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13"))).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void aKeyThatIsNotBase64Of16BytesIsABadRequest() throws Exception {
        assertThat(answer(request("GET /ws HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==", "Sec-WebSocket-Version: 13")))
                .startsWith("HTTP/1.1 400 ");
        assertThat(answer(request("GET /ws HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[8]), "Sec-WebSocket-Version: 13")))
                .startsWith("HTTP/1.1 400 ");
    }

    @Test
    void aWrongVersionIsAnswered426WithTheSupportedVersion() throws Exception {
        String answer = answer(request("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 8"));
        assertThat(answer).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
    }

    @Test
    void anUpgradeWithoutConnectionUpgradeIsABadRequest() throws Exception {
        assertThat(answer(request("GET /ws HTTP/1.1", "Upgrade: websocket", "Connection: keep-alive",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"))).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void anUpgradeThatIsNotAGetOrNotHttp11IsABadRequest() throws Exception {
        assertThat(answer(request("POST /ws HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"))).startsWith("HTTP/1.1 400 ");
        assertThat(answer(request("GET /ws HTTP/1.0", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"))).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertThat(RawClient.answerTo(port(), "/admin", null)).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void aHeaderBombIsRefusedWith431() throws Exception {
        String bomb = "GET /ws HTTP/1.1\r\nHost: x\r\nX-Bomb: " + "a".repeat(UpgradeHead.MAX_BYTES) + "\r\n\r\n";
        assertThat(answer(bomb)).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void headsThatNeverEndAreClosedAtTheHandshakeDeadline() throws Exception {
        List<RawWs> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawWs ws = RawWs.tcp(port(), 0);
                ws.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
                slow.add(ws);
            }
            // a legitimate client is served meanwhile
            serverStillServes();
            for (RawWs ws : slow) {
                assertThat(ws.closedByServer()).as("closed after the handshake deadline").isTrue();
            }
        } finally {
            for (RawWs ws : slow) {
                ws.close();
            }
        }
    }

    @Test
    void aTrickledHeadIsClosedAtTheHandshakeDeadline() throws Exception {
        try (RawWs ws = RawWs.tcp(port(), 0)) {
            long started = System.nanoTime();
            ws.write("GET /ws HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    ws.write("X: y\r\n".getBytes(StandardCharsets.ISO_8859_1)); // one header line at a time
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANDSHAKE_TIMEOUT.multipliedBy(5));
        }
    }
}
