package dev.realtime.transport.netty;

import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.testkit.node.SocketIoDriver;
import dev.realtime.testkit.wire.RawWs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Token expiry and in-band refresh on the Netty transport: a long-polling socket.io-client (the server's
 * DISCONNECT must reach it on a waiting poll) and a raw {@code /ws} connection (close 4001).
 */
class TokenLifecycleIT extends SocketIoDriverTestBase {
    private static final Map<String, Object> POLLING_ONLY = Map.of("transports", List.of("polling"));

    @Test
    void pollingClientRefreshesInBandAndIsDisconnectedByTheServerAtExpiry() {
        JsonNode connect = driver.connect("p", server.url(),
                Map.of("token", server.tokens.expiringIn("alice", Duration.ofSeconds(3))), POLLING_ONLY);
        assertThat(connect.path("type").asText()).as(connect.toString()).isEqualTo("connect");
        Instant firstExpiry = Instant.parse(driver.awaitEvent("p", "token:expiring").path("expiresAt").asText());

        JsonNode ack = driver.emitWithAck("p", "auth:refresh",
                Map.of("token", server.tokens.expiringIn("alice", Duration.ofSeconds(5))));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        Instant refreshedExpiry = Instant.parse(ack.path("data").path("expiresAt").asText());
        assertThat(refreshedExpiry).isAfter(firstExpiry);

        driver.awaitEvent("p", "error", e -> "TOKEN_EXPIRED".equals(e.path("code").asText()));
        assertThat(Instant.now()).isAfterOrEqualTo(refreshedExpiry);
        JsonNode disconnect = driver.awaitMessage("p", m -> "disconnect".equals(m.path("type").asText()));
        assertThat(disconnect.path("reason").asText()).isEqualTo("io server disconnect");
    }

    @Test
    void wsConnectionIsWarnedThenClosedWith4001TokenExpired() throws Exception {
        try (RawWs ws = RawWs.upgraded(server.transport.port(), "/ws")) {
            String token = server.tokens.expiringIn("alice", Duration.ofSeconds(2));
            ws.write(frame(FIN | TEXT, utf8("{\"event\":\"auth\",\"data\":{\"token\":\"" + token + "\"},\"ack\":1}")));
            assertThat(ws.nextText()).contains("\"success\":true");
            String text;
            do {
                text = ws.nextText();
                assertThat(text).as("token:expiring arrives before the close").isNotNull();
            } while (!text.contains("\"token:expiring\""));

            assertThat(ws.awaitClose()).isEqualTo(4001);
            assertThat(ws.closeReason).isEqualTo("TOKEN_EXPIRED");
        }
    }
}
