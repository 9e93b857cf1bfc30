package dev.realtime.transport.ws;

import static dev.realtime.transport.ws.JsonClient.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.Message;
import dev.realtime.core.RealtimeOptions;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.node.SocketIoDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plain JSON protocol at {@code /ws}, with a Java WebSocket client, through the same flows. */
class JsonProtocolIT {
    private ServerHarness server;
    private final List<JsonClient> clients = new ArrayList<>();

    private void start(Consumer<RealtimeOptions.Builder> options, Consumer<WsTransportOptions.Builder> ws) {
        server = new ServerHarness(options, ws, b -> { });
        server.realtime.rooms().create(Room.builder("general").build());
    }

    private void start() {
        start(o -> { }, w -> { });
    }

    private JsonClient client() throws InterruptedException {
        JsonClient c = new JsonClient(server.jsonUrl());
        clients.add(c);
        return c;
    }

    private JsonClient authenticated(String user) throws InterruptedException {
        JsonClient c = client();
        assertOk(c.auth(server.tokens.valid(user)));
        return c;
    }

    @AfterEach
    void stop() {
        clients.forEach(JsonClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void authenticatesAndGetsConnectedAndAuthenticated() throws Exception {
        start();
        JsonClient c = client();
        JsonNode ack = c.auth(server.tokens.valid("alice"));
        assertOk(ack);
        String socketId = ack.path("data").path("socketId").asText();
        assertThat(c.awaitEvent("connected").path("socketId").asText()).isEqualTo(socketId);
        assertThat(c.awaitEvent("authenticated").path("userId").asText()).isEqualTo("alice");
    }

    @Test
    void refusedTokensAreAnsweredAndClosedWithPolicyViolation() throws Exception {
        start();
        for (String token : List.of(server.tokens.wrongKey("a"), server.tokens.expired("a"), server.tokens.algNone("a"))) {
            JsonClient c = client();
            JsonNode ack = c.auth(token);
            assertThat(ack.path("success").asBoolean()).isFalse();
            assertThat(ack.path("error").path("code").asText()).isIn("INVALID_TOKEN", "TOKEN_EXPIRED");
            assertThat(c.socket().awaitClose()).isEqualTo(1008);
        }
        JsonClient missing = client();
        assertThat(missing.auth(null).path("error").path("code").asText()).isEqualTo("AUTH_REQUIRED");
        assertThat(missing.socket().awaitClose()).isEqualTo(1008);
    }

    @Test
    void theFirstFrameMustBeAuthAndComeInTime() throws Exception {
        start(o -> { }, w -> w.authTimeout(Duration.ofMillis(300)));
        JsonClient wrongFirst = client();
        wrongFirst.emit("room:join", Map.of("roomName", "general"));
        assertThat(wrongFirst.awaitEvent("error").path("code").asText()).isEqualTo("AUTH_REQUIRED");
        assertThat(wrongFirst.socket().awaitClose()).isEqualTo(1008);
        JsonClient silent = client();
        assertThat(silent.socket().awaitClose()).isEqualTo(1008);
    }

    @Test
    void joinSendTypingPresenceAndPing() throws Exception {
        start(o -> o.typingTimeout(Duration.ofMillis(300)), w -> { });
        JsonClient alice = authenticated("alice");
        JsonClient bob = authenticated("bob");
        assertOk(alice.request("room:join", Map.of("roomName", "general")));
        assertOk(bob.request("room:join", Map.of("roomName", "general")));
        alice.awaitEvent("user:joined", d -> "bob".equals(d.path("userId").asText()));

        JsonNode sent = alice.request("message:send", Map.of("roomName", "general", "content", "hi bob"));
        assertOk(sent);
        String id = sent.path("data").path("id").asText();
        assertThat(bob.awaitEvent("message:new", d -> id.equals(d.path("id").asText())).path("content").asText())
                .isEqualTo("hi bob");
        alice.awaitEvent("message:new", d -> id.equals(d.path("id").asText()));

        bob.emit("typing:start", Map.of("roomName", "general"));
        alice.awaitEvent("typing:event", d -> d.path("users").findValuesAsText("userId").contains("bob"));
        alice.awaitEvent("typing:event", d -> d.path("users").isEmpty());

        assertOk(bob.request("presence:update", Map.of("status", "away")));
        alice.awaitEvent("presence:changed", d -> "away".equals(d.path("status").asText()));
        JsonNode presences = alice.request("presence:get", Map.of("userIds", List.of("bob")));
        assertThat(presences.path("data").path("presences").findValuesAsText("status")).containsExactly("away");

        alice.emit("ping", Map.of("timestamp", 7));
        assertThat(alice.awaitEvent("pong").path("timestamp").asInt()).isEqualTo(7);

        JsonClient carol = authenticated("carol");
        assertOk(carol.request("room:join", Map.of("roomName", "general")));
        assertOk(carol.request("room:leave", Map.of("roomName", "general")));
        alice.awaitEvent("user:left", d -> "carol".equals(d.path("userId").asText()));
        bob.close();
        alice.awaitEvent("presence:changed", d -> "offline".equals(d.path("status").asText()));
    }

    @Test
    void refusalsCarryTheirCodes() throws Exception {
        start();
        JsonClient alice = authenticated("alice");
        assertThat(alice.request("message:send", Map.of("roomName", "general", "content", "x"))
                .path("error").path("code").asText()).isEqualTo("NOT_IN_ROOM");
        assertThat(alice.request("room:join", Map.of("roomName", "nowhere")).path("error").path("code").asText())
                .isEqualTo("ROOM_NOT_FOUND");
        assertThat(alice.request("room:join", Map.of()).path("error").path("code").asText())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(alice.request("bogus", Map.of()).path("error").path("code").asText()).isEqualTo("UNKNOWN_EVENT");
        alice.sendJson(Map.of("event", 5));
        assertThat(alice.awaitEvent("error").path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertOk(alice.request("room:join", Map.of("roomName", "general")));
    }

    @Test
    void anonymousClientsMayReadButNotSend() throws Exception {
        start(o -> o.allowAnonymous(true), w -> { });
        JsonClient anonymous = client();
        assertOk(anonymous.auth(null));
        assertThat(anonymous.awaitEvent("connected").path("socketId").asText()).isNotBlank();
        assertOk(anonymous.request("room:join", Map.of("roomName", "general")));
        assertThat(anonymous.request("message:send", Map.of("roomName", "general", "content", "hi"))
                .path("error").path("code").asText()).isEqualTo("FORBIDDEN");
        server.realtime.send("general", "system", Message.of("welcome"));
        anonymous.awaitEvent("message:new", d -> "welcome".equals(d.path("content").asText()));
        JsonClient forged = client();
        assertThat(forged.auth(server.tokens.wrongKey("x")).path("error").path("code").asText())
                .as("a bad token is refused, never downgraded to anonymous").isEqualTo("INVALID_TOKEN");
    }

    @Test
    void socketIoAndJsonClientsShareRooms() throws Exception {
        start();
        JsonClient alice = authenticated("alice");
        assertOk(alice.request("room:join", Map.of("roomName", "general")));
        try (SocketIoDriver driver = new SocketIoDriver()) {
            driver.connect("s", server.url(), Map.of("token", server.tokens.valid("sam")));
            assertThat(driver.emitWithAck("s", "room:join", Map.of("roomName", "general")).path("success").asBoolean())
                    .isTrue();
            JsonNode ack = driver.emitWithAck("s", "message:send", Map.of("roomName", "general", "content", "mixed"));
            String id = ack.path("data").path("id").asText();
            alice.awaitEvent("message:new", d -> id.equals(d.path("id").asText()));
            assertOk(alice.request("message:send", Map.of("roomName", "general", "content", "back")));
            driver.awaitEvent("s", "message:new", d -> "back".equals(d.path("content").asText()));
        }
    }
}
