package dev.realtime.testkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.Realtime;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.wire.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every event of the wire protocol and every refusal a client can meet, driven by an unmodified
 * socket.io-client 4.x ({@link SocketIoDriver}) against the real engine on a network transport. A transport
 * module runs the suite by extending this class, once per client transport it serves: {@link #clientOptions}
 * are the socket.io-client options of every socket (such as {@code transports: ["polling"]}; none: the
 * client's defaults), so the same scenarios cover WebSocket, long-polling and the upgrade alike.
 */
public abstract class SocketIoScenarios {
    private static SocketIoDriver driver;
    private Server server;

    /** A running engine on the transport under test. */
    public interface Server extends AutoCloseable {
        Realtime realtime();

        /** Signs tokens the server's authenticator accepts (and the ones it must refuse). */
        TestTokens tokens();

        /** The URL a socket.io-client connects to. */
        String url();

        @Override
        void close();
    }

    /**
     * Transport settings a scenario needs; null keeps the transport's default.
     *
     * @param maxPayloadBytes the largest client message
     * @param pingInterval    the server heartbeat's interval
     * @param pingTimeout     how long the server waits for the heartbeat's answer
     */
    public record Tuning(Integer maxPayloadBytes, Duration pingInterval, Duration pingTimeout) {
        public static final Tuning NONE = new Tuning(null, null, null);
    }

    /** Starts the engine with {@code options} and {@code extra} on the transport under test, tuned by {@code tuning}. */
    protected abstract Server startServer(Consumer<RealtimeOptions.Builder> options, Tuning tuning,
                                          Consumer<Realtime.Builder> extra);

    /** The socket.io-client options of every socket of the suite (an empty map: the client's defaults). */
    protected abstract Map<String, Object> clientOptions();

    @BeforeAll
    static void startDriver() {
        driver = new SocketIoDriver();
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @BeforeEach
    void clear() {
        driver.clear();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Consumer<RealtimeOptions.Builder> options, Tuning tuning, Consumer<Realtime.Builder> extra) {
        server = startServer(options, tuning, extra);
        server.realtime().rooms().create(Room.builder("general").build());
    }

    private void start(Consumer<RealtimeOptions.Builder> options) {
        start(options, Tuning.NONE, b -> { });
    }

    private void start() {
        start(o -> { });
    }

    private JsonNode connectAs(String socket, String user) {
        JsonNode result = driver.connect(socket, server.url(), Map.of("token", server.tokens().valid(user)),
                clientOptions());
        assertThat(result.path("type").asText()).as(result.toString()).isEqualTo("connect");
        return result;
    }

    private void join(String socket, String room) {
        JsonNode ack = driver.emitWithAck(socket, "room:join", Map.of("roomName", room));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
    }

    private String refusalCode(JsonNode ack) {
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isFalse();
        return ack.path("error").path("code").asText();
    }

    @Test
    void connectsWithAValidTokenAndGetsConnectedAndAuthenticated() {
        start();
        JsonNode connect = connectAs("a", "alice");
        JsonNode connected = driver.awaitEvent("a", "connected");
        assertThat(connected.path("socketId").asText()).isEqualTo(connect.path("socketId").asText());
        assertThat(connected.path("serverTime").asLong()).isPositive();
        assertThat(connected.path("protocolVersion").asText()).isNotBlank();
        JsonNode authenticated = driver.awaitEvent("a", "authenticated");
        assertThat(authenticated.path("userId").asText()).isEqualTo("alice");
        assertThat(authenticated.path("rooms").isArray()).isTrue();
        assertThat(server.realtime().connections()).singleElement()
                .satisfies(c -> assertThat(c.userId()).isEqualTo("alice"));
    }

    @Test
    void refusesMissingWrongKeyExpiredAndUnsignedTokens() {
        start();
        assertRefused(Map.of(), "AUTH_REQUIRED");
        assertRefused(Map.of("token", server.tokens().wrongKey("alice")), "INVALID_TOKEN");
        assertRefused(Map.of("token", server.tokens().expired("alice")), "TOKEN_EXPIRED");
        assertRefused(Map.of("token", server.tokens().algNone("alice")), "INVALID_TOKEN");
        assertThat(server.realtime().connectionCount()).isZero();
    }

    private void assertRefused(Map<String, Object> auth, String code) {
        String id = "refused-" + code + auth.size() + System.nanoTime();
        JsonNode result = driver.connect(id, server.url(), auth, clientOptions());
        assertThat(result.path("type").asText()).as(result.toString()).isEqualTo("connect_error");
        assertThat(result.path("message").asText()).isNotBlank();
        assertThat(result.path("data").path("code").asText()).isEqualTo(code);
    }

    @Test
    void otherNamespacesAreRefused() {
        start();
        JsonNode result = driver.connect("ns", server.url() + "/admin", Map.of("token", server.tokens().valid("a")), clientOptions());
        assertThat(result.path("type").asText()).isEqualTo("connect_error");
        assertThat(result.path("message").asText()).isEqualTo("Invalid namespace");
    }

    @Test
    void joinAndLeaveAreAnnouncedToTheRoom() {
        start();
        connectAs("a", "alice");
        connectAs("b", "bob");
        JsonNode ack = driver.emitWithAck("a", "room:join", Map.of("roomName", "general"));
        assertThat(ack.path("success").asBoolean()).isTrue();
        assertThat(ack.path("data").path("roomName").asText()).isEqualTo("general");
        join("b", "general");
        JsonNode joined = driver.awaitEvent("a", "user:joined", d -> "bob".equals(d.path("userId").asText()));
        assertThat(joined.path("roomName").asText()).isEqualTo("general");
        JsonNode left = driver.emitWithAck("b", "room:leave", Map.of("roomName", "general"));
        assertThat(left.path("success").asBoolean()).isTrue();
        driver.awaitEvent("a", "user:left", d -> "bob".equals(d.path("userId").asText())
                && "general".equals(d.path("roomName").asText()));
    }

    @Test
    void aSentMessageReachesEveryMemberSenderIncluded() {
        start();
        connectAs("a", "alice");
        connectAs("b", "bob");
        join("a", "general");
        join("b", "general");
        JsonNode ack = driver.emitWithAck("a", "message:send", Map.of("roomName", "general", "content", "hello"));
        assertThat(ack.path("success").asBoolean()).as(ack.toString()).isTrue();
        String id = ack.path("data").path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(ack.path("data").path("timestamp").asText()).isNotBlank();
        for (String socket : List.of("a", "b")) {
            JsonNode message = driver.awaitEvent(socket, "message:new", d -> id.equals(d.path("id").asText()));
            assertThat(message.path("content").asText()).isEqualTo("hello");
            assertThat(message.path("userId").asText()).isEqualTo("alice");
            assertThat(message.path("roomName").asText()).isEqualTo("general");
        }
    }

    @Test
    void typingStartStopAndExpiry() {
        start(o -> o.typingTimeout(Duration.ofMillis(300)));
        connectAs("a", "alice");
        connectAs("b", "bob");
        join("a", "general");
        join("b", "general");
        driver.emit("a", "typing:start", Map.of("roomName", "general"));
        driver.awaitEvent("b", "typing:event", d -> users(d).contains("alice"));
        driver.emit("a", "typing:stop", Map.of("roomName", "general"));
        driver.awaitEvent("b", "typing:event", d -> users(d).isEmpty());
        driver.clear();
        driver.emit("a", "typing:start", Map.of("roomName", "general"));
        driver.awaitEvent("b", "typing:event", d -> users(d).contains("alice"));
        // nobody stops: the indicator expires and the expiry is announced
        driver.awaitEvent("b", "typing:event", d -> users(d).isEmpty());
        assertThat(driver.events("a", "typing:event")).as("the typist gets no echo").isEmpty();
    }

    private static List<String> users(JsonNode typingEvent) {
        return typingEvent.path("users").findValuesAsText("userId");
    }

    @Test
    void presenceUpdateGetAndOfflineOnDisconnect() {
        start();
        connectAs("a", "alice");
        connectAs("b", "bob");
        join("a", "general");
        join("b", "general");
        JsonNode update = driver.emitWithAck("a", "presence:update", Map.of("status", "busy",
                "customStatus", Map.of("text", "in a meeting", "emoji", "📅")));
        assertThat(update.path("success").asBoolean()).as(update.toString()).isTrue();
        JsonNode changed = driver.awaitEvent("b", "presence:changed", d -> "busy".equals(d.path("status").asText()));
        assertThat(changed.path("userId").asText()).isEqualTo("alice");
        JsonNode get = driver.emitWithAck("b", "presence:get", Map.of("userIds", List.of("alice", "nobody")));
        assertThat(get.path("data").path("presences").findValuesAsText("status")).containsExactly("busy", "offline");
        driver.disconnect("a");
        driver.awaitEvent("b", "presence:changed", d -> "alice".equals(d.path("userId").asText())
                && "offline".equals(d.path("status").asText()));
    }

    @Test
    void pingIsAnsweredWithPong() {
        start();
        connectAs("a", "alice");
        driver.emit("a", "ping", Map.of("timestamp", 12345));
        JsonNode pong = driver.awaitEvent("a", "pong");
        assertThat(pong.path("timestamp").asLong()).isEqualTo(12345);
        assertThat(pong.path("serverTime").asLong()).isPositive();
    }

    @Test
    void everyRefusalAClientCanMeetCarriesItsCode() {
        start(o -> o.allowAnonymous(true));
        server.realtime().rooms().create(Room.builder("tiny").maxMembers(1).build());
        connectAs("a", "alice");
        connectAs("b", "bob");
        assertThat(refusalCode(driver.emitWithAck("a", "room:join", Map.of("roomName", "nowhere"))))
                .isEqualTo("ROOM_NOT_FOUND");
        assertThat(refusalCode(driver.emitWithAck("a", "room:join", Map.of("roomName", "bad name!"))))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(refusalCode(driver.emitWithAck("a", "message:send", Map.of("roomName", "general", "content", "x"))))
                .isEqualTo("NOT_IN_ROOM");
        assertThat(refusalCode(driver.emitWithAck("a", "no:such-event", Map.of()))).isEqualTo("UNKNOWN_EVENT");
        join("a", "tiny");
        assertThat(refusalCode(driver.emitWithAck("b", "room:join", Map.of("roomName", "tiny")))).isEqualTo("ROOM_FULL");
        JsonNode anonymous = driver.connect("anon", server.url(), Map.of(), clientOptions());
        assertThat(anonymous.path("type").asText()).isEqualTo("connect");
        join("anon", "general");
        assertThat(refusalCode(driver.emitWithAck("anon", "message:send",
                Map.of("roomName", "general", "content", "hi")))).isEqualTo("FORBIDDEN");
        // without an ack id the refusal arrives as the error event
        driver.emit("a", "room:join", Map.of("roomName", "nowhere"));
        assertThat(driver.awaitEvent("a", "error").path("code").asText()).isEqualTo("ROOM_NOT_FOUND");
    }

    @Test
    void anOversizedMessageIsRefusedAsTooLargeAndClosesOnlyThatSocket() {
        start(o -> { }, new Tuning(16 * 1024, null, null), b -> { });
        connectAs("big", "alice");
        connectAs("other", "bob");
        join("big", "general");
        join("other", "general");
        driver.emit("big", "message:send", Map.of("roomName", "general", "content", "x".repeat(20_000)));
        assertThat(driver.awaitEvent("big", "error").path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        driver.awaitMessage("big", m -> "disconnect".equals(m.path("type").asText()));
        JsonNode ok = driver.emitWithAck("other", "message:send", Map.of("roomName", "general", "content", "fine"));
        assertThat(ok.path("success").asBoolean()).isTrue();
    }

    @Test
    void aFloodOfEventsIsRateLimited() {
        start(o -> o.messageRatePerSecond(5));
        connectAs("a", "alice");
        for (int i = 0; i < 40; i++) {
            driver.emit("a", "ping", Map.of("timestamp", i));
        }
        assertThat(driver.awaitEvent("a", "error", d -> "RATE_LIMITED".equals(d.path("code").asText()))
                .path("message").asText()).isNotBlank();
    }

    @Test
    void aFloodOfConnectionsIsRateLimited() {
        start(o -> o.connectionRatePerMinute(3));
        for (int i = 0; i < 3; i++) {
            connectAs("c" + i, "user" + i);
        }
        JsonNode refused = driver.connect("c3", server.url(), Map.of("token", server.tokens().valid("user3")), clientOptions());
        assertThat(refused.path("type").asText()).isEqualTo("connect_error");
        assertThat(refused.path("data").path("code").asText()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void theConnectionLimitIsUnavailable() {
        start(o -> o.maxConnections(1));
        connectAs("a", "alice");
        JsonNode refused = driver.connect("b", server.url(), Map.of("token", server.tokens().valid("bob")), clientOptions());
        assertThat(refused.path("type").asText()).isEqualTo("connect_error");
        assertThat(refused.path("data").path("code").asText()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void aHandlerThatThrowsIsAnInternalErrorAndTheServerKeepsServing() {
        start(o -> { }, Tuning.NONE, b -> b.sendAuthorizer((c, room, message) -> {
            if (message.content().equals("boom")) {
                throw new IllegalStateException("authorizer bug");
            }
            return Decision.allow();
        }));
        connectAs("a", "alice");
        join("a", "general");
        assertThat(refusalCode(driver.emitWithAck("a", "message:send", Map.of("roomName", "general", "content", "boom"))))
                .isEqualTo("INTERNAL_ERROR");
        JsonNode ok = driver.emitWithAck("a", "message:send", Map.of("roomName", "general", "content", "fine"));
        assertThat(ok.path("success").asBoolean()).isTrue();
        connectAs("b", "bob");
    }

    @Test
    void theServerHeartbeatIsAnsweredAndMeasuresLatency() {
        start(o -> { }, new Tuning(null, Duration.ofMillis(100), Duration.ofSeconds(5)), b -> { });
        connectAs("a", "alice");
        await().atMost(Duration.ofSeconds(15)).until(() -> server.realtime().connections().stream()
                .anyMatch(c -> c.latencyMillis() >= 0));
        driver.emit("a", "ping", Map.of());
        driver.awaitEvent("a", "pong");
        assertThat(driver.events("a", "disconnect")).isEmpty();
    }

    @Test
    void binaryEventsAreRefusedClearly() {
        start();
        connectAs("a", "alice");
        driver.emitBinary("a", "message:send", "raw bytes");
        JsonNode error = driver.awaitEvent("a", "error");
        assertThat(error.path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("message").asText()).contains("binary");
        driver.emit("a", "ping", Map.of());
        driver.awaitEvent("a", "pong");
    }

    @Test
    void serverSideEventsReachSocketIoClients() {
        start();
        connectAs("a", "alice");
        join("a", "general");
        server.realtime().publish("general", "custom:event", Map.of("n", 1));
        assertThat(driver.awaitEvent("a", "custom:event").path("n").asInt()).isEqualTo(1);
        server.realtime().send("general", "system", Message.of("from the server"));
        driver.awaitEvent("a", "message:new", d -> "from the server".equals(d.path("content").asText()));
    }

    @Test
    void stoppingTheServerDisconnectsClients() {
        start();
        connectAs("a", "alice");
        server.close();
        server = null;
        JsonNode disconnect = driver.awaitMessage("a", m -> "disconnect".equals(m.path("type").asText()));
        // a reason the client reconnects after (never "io server disconnect"); a long-polling client that was
        // between two polls when the server went cannot be told, and sees its next poll fail instead
        assertThat(disconnect.path("reason").asText()).isIn("transport close", "transport error");
    }
}
