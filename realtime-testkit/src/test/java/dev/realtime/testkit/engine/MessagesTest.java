package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.Message;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.hooks.Decision;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.testkit.TestClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Map<String, Object> msg(String roomName, String content) {
        return Map.of("roomName", roomName, "content", content);
    }

    @Test
    void aMessageReachesEverySubscriberIncludingTheSenderAndIsAcked() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            TestClient outsider = node.connect("carol");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));

            Map<String, Object> payload = new HashMap<>(msg("general", "hello"));
            payload.put("threadId", "t1");
            payload.put("metadata", Map.of("k", "v"));
            JsonNode data = ok(alice.emit("message:send", payload));

            assertThat(data.path("id").asText()).isNotBlank();
            assertThat(data.path("timestamp").asText()).isEqualTo(node.clock.now().toString());
            assertThat(data.path("seq").asLong()).isEqualTo(1);
            for (TestClient c : List.of(alice, bob)) {
                assertThat(c.received("message:new")).singleElement().satisfies(m -> {
                    assertThat(m.path("id").asText()).isEqualTo(data.path("id").asText());
                    assertThat(m.path("roomName").asText()).isEqualTo("general");
                    assertThat(m.path("userId").asText()).isEqualTo("alice");
                    assertThat(m.path("content").asText()).isEqualTo("hello");
                    assertThat(m.path("threadId").asText()).isEqualTo("t1");
                    assertThat(m.path("timestamp").asText()).isEqualTo(data.path("timestamp").asText());
                    assertThat(m.path("metadata").path("k").asText()).isEqualTo("v");
                    assertThat(m.path("seq").asLong()).isEqualTo(1);
                });
            }
            assertThat(outsider.received("message:new")).isEmpty();
        }
    }

    @Test
    void sequenceNumbersIncreasePerRoom() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("a");
            node.createRoom("b");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("a")));
            ok(alice.emit("room:join", room("b")));

            assertThat(ok(alice.emit("message:send", msg("a", "1"))).path("seq").asLong()).isEqualTo(1);
            assertThat(ok(alice.emit("message:send", msg("a", "2"))).path("seq").asLong()).isEqualTo(2);
            assertThat(ok(alice.emit("message:send", msg("b", "1"))).path("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void sendingRequiresHavingJoinedTheRoom() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            assertThat(code(alice.emit("message:send", msg("general", "hi")))).isEqualTo("NOT_IN_ROOM");
            assertThat(code(alice.emit("message:send", msg("nowhere", "hi")))).isEqualTo("ROOM_NOT_FOUND");
        }
    }

    @Test
    void membershipAloneDoesNotLetAConnectionPost() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            node.realtime.rooms().addMember("general", "alice", MemberRole.MEMBER);
            assertThat(code(node.connect("alice").emit("message:send", msg("general", "hi")))).isEqualTo("NOT_IN_ROOM");
        }
    }

    @Test
    void anonymousUsersMayReadButNotSend() {
        try (TestNode node = TestNode.start(o -> o.allowAnonymous(true))) {
            node.createRoom("lobby");
            TestClient guest = node.connectAnonymous();
            TestClient alice = node.connect("alice");
            ok(guest.emit("room:join", room("lobby")));
            ok(alice.emit("room:join", room("lobby")));

            assertThat(code(guest.emit("message:send", msg("lobby", "hi")))).isEqualTo("FORBIDDEN");
            ok(alice.emit("message:send", msg("lobby", "hello guest")));
            assertThat(guest.received("message:new")).hasSize(1);
        }
    }

    @Test
    void mutedMembersMayReadButNotSend() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            var m = node.realtime.rooms().members("general").get(0);
            node.realtime.rooms().updateMember(m.withMuted(true));

            assertThat(code(alice.emit("message:send", msg("general", "hi")))).isEqualTo("FORBIDDEN");
            node.realtime.send("general", "system", Message.of("you can still read"));
            assertThat(alice.received("message:new")).hasSize(1);
        }
    }

    @Test
    void onlyAdminsAndModeratorsMaySendToBroadcastRooms() {
        try (TestNode node = TestNode.start()) {
            node.realtime.rooms().create(Room.builder("news").type(RoomType.BROADCAST).build());
            node.realtime.rooms().addMember("news", "editor", MemberRole.MODERATOR);
            TestClient editor = node.connect("editor");
            TestClient reader = node.connect("reader");
            ok(editor.emit("room:join", room("news")));
            ok(reader.emit("room:join", room("news")));

            assertThat(code(reader.emit("message:send", msg("news", "me too")))).isEqualTo("FORBIDDEN");
            ok(editor.emit("message:send", msg("news", "breaking")));
            assertThat(reader.received("message:new")).hasSize(1);
        }
    }

    @Test
    void everyMalformedPayloadIsAValidationErrorThatLosesNothing() {
        try (TestNode node = TestNode.start(o -> o.maxMessageLength(10).maxMetadataBytes(20))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            assertThat(code(alice.emit("message:send", Map.of("roomName", "general")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", msg("general", "")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", msg("general", "x".repeat(11))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", Map.of("roomName", "general", "content", 5))))
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", Map.of("roomName", "general", "content", "a", "threadId", 1))))
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", Map.of("roomName", "general", "content", "a",
                    "metadata", "not an object")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", Map.of("roomName", "general", "content", "a",
                    "metadata", Map.of("big", "y".repeat(50)))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("message:send", List.of(1, 2)))).isEqualTo("VALIDATION_ERROR");
            JsonNode details = alice.emit("message:send", msg("general", "")).path("error").path("details");
            assertThat(details.path("field").asText()).isEqualTo("content");

            ok(alice.emit("message:send", msg("general", "still ok")));
            assertThat(alice.received("message:new")).hasSize(1);
        }
    }

    @Test
    void withoutAnAckIdRefusalsArriveAsErrorEvents() {
        try (TestNode node = TestNode.start()) {
            TestClient alice = node.connect("alice");
            alice.send("message:send", msg("general", "hi"));

            assertThat(alice.received("error")).singleElement().satisfies(e -> {
                assertThat(e.path("code").asText()).isEqualTo("ROOM_NOT_FOUND");
                assertThat(e.path("message").asText()).isNotBlank();
            });
        }
    }

    @Test
    void theHostCanVetoSends() {
        try (TestNode node = TestNode.start(o -> { }, b -> b.sendAuthorizer((conn, r, message) ->
                message.content().contains("spam") ? Decision.deny(ErrorCode.FORBIDDEN, "no spam") : Decision.allow()))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            assertThat(code(alice.emit("message:send", msg("general", "buy spam")))).isEqualTo("FORBIDDEN");
            ok(alice.emit("message:send", msg("general", "hello")));
        }
    }

    @Test
    void serverCodeCanSendMessagesAndCustomEvents() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            var message = node.realtime.send("general", "system",
                    Message.builder("welcome").metadata(Map.of("kind", "notice")).build());
            int handed = node.realtime.publish("general", "custom:event", Map.of("x", 1));

            assertThat(alice.received("message:new")).singleElement().satisfies(m -> {
                assertThat(m.path("id").asText()).isEqualTo(message.id().toString());
                assertThat(m.path("userId").asText()).isEqualTo("system");
                assertThat(m.path("metadata").path("kind").asText()).isEqualTo("notice");
            });
            assertThat(handed).isEqualTo(1);
            assertThat(alice.received("custom:event")).singleElement()
                    .satisfies(e -> assertThat(e.path("x").asInt()).isEqualTo(1));
        }
    }

    @Test
    void serverCodeObeysTheLimitsClientsHave() {
        try (TestNode node = TestNode.start(o -> o.maxMessageLength(10).maxMetadataBytes(32))) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            assertRefused(() -> node.realtime.send("general", "system", Message.of("x".repeat(11))), "content");
            assertRefused(() -> node.realtime.send("general", "system", Message.of("  ")), "content");
            assertRefused(() -> node.realtime.send("general", "system",
                    Message.builder("hi").metadata(Map.of("k", "v".repeat(40))).build()), "metadata");
            assertRefused(() -> node.realtime.send("general", "system",
                    Message.builder("hi").threadId("t".repeat(129)).build()), "threadId");
            node.realtime.send("general", "system", Message.of("x".repeat(10)));

            assertThat(alice.received("message:new")).singleElement()
                    .satisfies(m -> assertThat(m.path("content").asText()).hasSize(10));
        }
    }

    @Test
    void serverCodeCannotForgeReservedEvents() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));

            for (String reserved : List.of("message:new", "user:joined", "connect", "disconnect", "error")) {
                assertRefused(() -> node.realtime.publish("general", reserved, Map.of()), "event");
            }
            assertRefused(() -> node.realtime.publish("general", "bad name!", Map.of()), "event");

            assertThat(alice.received("message:new")).isEmpty();
            assertThat(node.realtime.publish("general", "deploy:done", Map.of())).isEqualTo(1);
        }
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RealtimeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.details()).containsEntry("field", field);
        });
    }

    @Test
    void aRoomOfTenThousandIsOneFanOutCall() {
        try (TestNode node = TestNode.start(o -> o.maxConnections(20_000).connectionRatePerMinute(20_000)
                .enablePresence(false).logEvents(false))) {
            node.createRoom("big");
            for (int i = 0; i < 10_000; i++) {
                ok(node.connect("u" + i).recording(false).emit("room:join", room("big")));
            }
            long callsBefore = node.transport.fanOutCalls();
            long recipientsBefore = node.transport.fanOutRecipients();

            node.realtime.send("big", "system", Message.of("hello everyone"));

            assertThat(node.transport.fanOutCalls() - callsBefore).isEqualTo(1);
            assertThat(node.transport.fanOutRecipients() - recipientsBefore).isEqualTo(10_000);
        }
    }
}
