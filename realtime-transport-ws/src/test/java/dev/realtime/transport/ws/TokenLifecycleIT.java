package dev.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.node.SocketIoDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token expiry, in-band refresh and revocation on the wire: an unmodified socket.io-client and a plain
 * {@code /ws} client against the real engine and transport. Tokens live a few seconds, inside the default
 * 30 s warning window, so the warning comes at the first sweep.
 */
class TokenLifecycleIT {
    private static SocketIoDriver driver;
    private ServerHarness server;
    private final List<JsonClient> jsonClients = new ArrayList<>();

    @BeforeAll
    static void startDriver() {
        driver = new SocketIoDriver();
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @BeforeEach
    void start() {
        driver.clear();
        server = new ServerHarness(o -> { });
        server.realtime.rooms().create(Room.builder("general").build());
    }

    @AfterEach
    void stop() {
        jsonClients.forEach(JsonClient::close);
        server.close();
    }

    @Test
    void socketIoClientIsWarnedRefreshesInBandAndIsDisconnectedByTheServerAtExpiry() {
        JsonNode connect = driver.connect("a", server.url(),
                Map.of("token", server.tokens.expiringIn("alice", Duration.ofSeconds(3))));
        assertThat(connect.path("type").asText()).as(connect.toString()).isEqualTo("connect");
        Instant firstExpiry = Instant.parse(driver.awaitEvent("a", "token:expiring").path("expiresAt").asText());

        JsonNode ack = driver.emitWithAck("a", "auth:refresh",
                Map.of("token", server.tokens.expiringIn("alice", Duration.ofSeconds(6))));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        Instant refreshedExpiry = Instant.parse(ack.path("data").path("expiresAt").asText());
        assertThat(refreshedExpiry).isAfter(firstExpiry);

        JsonNode error = driver.awaitEvent("a", "error", e -> "TOKEN_EXPIRED".equals(e.path("code").asText()));
        assertThat(Instant.now()).as("closed at the refreshed expiry, not the first")
                .isAfterOrEqualTo(refreshedExpiry);
        assertThat(error.path("message").asText()).isNotBlank();
        JsonNode disconnect = driver.awaitMessage("a", m -> "disconnect".equals(m.path("type").asText()));
        assertThat(disconnect.path("reason").asText()).isEqualTo("io server disconnect");
        assertThat(driver.events("a", "token:expiring")).as("warned again for the new token").hasSize(2);
    }

    @Test
    void socketIoClientRefreshingWithAnotherUsersTokenIsRefused() {
        driver.connect("a", server.url(), Map.of("token", server.tokens.valid("alice")));
        JsonNode ack = driver.emitWithAck("a", "auth:refresh", Map.of("token", server.tokens.valid("mallory")));
        assertThat(ack.path("success").asBoolean()).isFalse();
        assertThat(ack.path("error").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(server.realtime.connections()).singleElement()
                .satisfies(c -> assertThat(c.userId()).isEqualTo("alice"));
    }

    @Test
    void aRevokedSocketIoClientIsDisconnectedAndItsTokenRefused() {
        String token = server.tokens.valid("alice");
        driver.connect("a", server.url(), Map.of("token", token));
        driver.awaitEvent("a", "authenticated");

        assertThat(server.realtime.revokeUser("alice")).isEqualTo(1);

        driver.awaitEvent("a", "error", e -> "TOKEN_REVOKED".equals(e.path("code").asText()));
        JsonNode disconnect = driver.awaitMessage("a", m -> "disconnect".equals(m.path("type").asText()));
        assertThat(disconnect.path("reason").asText()).isEqualTo("io server disconnect");
        JsonNode again = driver.connect("again", server.url(), Map.of("token", token));
        assertThat(again.path("type").asText()).isEqualTo("connect_error");
        assertThat(again.path("data").path("code").asText()).isEqualTo("TOKEN_REVOKED");
    }

    @Test
    void wsClientIsWarnedThenClosedWith4001TokenExpired() throws Exception {
        JsonClient c = new JsonClient(server.jsonUrl());
        jsonClients.add(c);
        JsonClient.assertOk(c.auth(server.tokens.expiringIn("alice", Duration.ofSeconds(2))));

        assertThat(c.awaitEvent("token:expiring").path("expiresAt").asText()).isNotBlank();
        c.awaitEvent("error", e -> "TOKEN_EXPIRED".equals(e.path("code").asText()));
        assertThat(c.socket().awaitClose()).isEqualTo(4001);
        assertThat(c.socket().closeReason.get(5, TimeUnit.SECONDS)).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void wsClientThatRefreshesOutlivesItsFirstTokenAndStaysInItsRooms() throws Exception {
        JsonClient c = new JsonClient(server.jsonUrl());
        jsonClients.add(c);
        JsonClient.assertOk(c.auth(server.tokens.expiringIn("alice", Duration.ofSeconds(2))));
        JsonClient.assertOk(c.request("room:join", Map.of("roomName", "general")));
        Instant firstExpiry = Instant.parse(c.awaitEvent("token:expiring").path("expiresAt").asText());

        JsonNode refused = c.request("auth:refresh", Map.of("token", "not-a-token"));
        assertThat(refused.path("error").path("code").asText()).isEqualTo("INVALID_TOKEN");
        JsonNode ack = c.request("auth:refresh", Map.of("token", server.tokens.valid("alice")));
        JsonClient.assertOk(ack);
        assertThat(Instant.parse(ack.path("data").path("expiresAt").asText()))
                .isAfter(Instant.now().plus(Duration.ofMinutes(30)));

        // past the first token's expiry and the sweep that would have closed it
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(firstExpiry.plusSeconds(2)));
        JsonClient.assertOk(c.request("message:send", Map.of("roomName", "general", "content", "still here")));
        assertThat(c.socket().closeCode).isNotDone();
        assertThat(c.events("error")).isEmpty();
    }
}
