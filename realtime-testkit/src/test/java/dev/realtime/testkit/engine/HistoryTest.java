package dev.realtime.testkit.engine;

import static dev.realtime.testkit.engine.Acks.code;
import static dev.realtime.testkit.engine.Acks.ok;
import static dev.realtime.testkit.engine.Acks.room;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.HistoryOptions;
import dev.realtime.core.Message;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryQuery;
import dev.realtime.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Room offsets and epochs, {@code room:history}, {@code room:join} with {@code since}, and resent messages. */
class HistoryTest {

    private static Map<String, Object> msg(String content) {
        return Map.of("roomName", "general", "content", content);
    }

    private static Map<String, Object> since(long offset, String epoch) {
        return Map.of("roomName", "general", "since", Map.of("offset", offset, "epoch", epoch));
    }

    private static Map<String, Object> history(Object... fields) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("roomName", "general");
        for (int i = 0; i < fields.length; i += 2) {
            payload.put((String) fields[i], fields[i + 1]);
        }
        return payload;
    }

    private static List<Long> seqs(JsonNode messages) {
        List<Long> seqs = new ArrayList<>();
        messages.forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static void sendAll(TestClient sender, int from, int to) {
        for (int i = from; i <= to; i++) {
            ok(sender.emit("message:send", msg("m" + i)));
        }
    }

    @Test
    void theJoinAckCarriesTheRoomsOffsetAndEpoch() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            JsonNode first = ok(alice.emit("room:join", room("general")));
            sendAll(alice, 1, 3);
            JsonNode again = ok(node.connect("bob").emit("room:join", room("general")));

            assertThat(first.path("offset").asLong()).isZero();
            assertThat(first.path("epoch").asText()).isNotBlank();
            assertThat(again.path("offset").asLong()).isEqualTo(3);
            assertThat(again.path("epoch").asText()).isEqualTo(first.path("epoch").asText());
            assertThat(again.has("recovered")).isFalse();
            assertThat(again.has("messages")).isFalse();
        }
    }

    @Test
    void aReloadShowsTheNewestMessagesAndPagesBack() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            sendAll(alice, 1, 30);
            TestClient reloaded = node.connect("alice");
            ok(reloaded.emit("room:join", room("general")));

            JsonNode page = ok(reloaded.emit("room:history", history("limit", 10)));
            JsonNode older = ok(reloaded.emit("room:history", history("before", 21, "limit", 100)));
            JsonNode gap = ok(reloaded.emit("room:history", history("after", 5, "limit", 3)));

            assertThat(seqs(page.path("messages"))).isEqualTo(range(21, 30));
            assertThat(page.path("offset").asLong()).isEqualTo(30);
            assertThat(page.path("epoch").asText()).isNotBlank();
            JsonNode last = page.path("messages").get(9);
            assertThat(last.path("content").asText()).isEqualTo("m30");
            assertThat(last.path("userId").asText()).isEqualTo("alice");
            assertThat(last.path("roomName").asText()).isEqualTo("general");
            assertThat(seqs(older.path("messages"))).isEqualTo(range(1, 20));
            assertThat(seqs(gap.path("messages"))).containsExactly(6L, 7L, 8L);
            assertThat(seqs(ok(reloaded.emit("room:history", history())).path("messages"))).isEqualTo(range(1, 30));
        }
    }

    @Test
    void historyIsOnlyForConnectionsInTheRoomAndChecksItsPayload() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");

            assertThat(code(alice.emit("room:history", history()))).isEqualTo("NOT_IN_ROOM");
            ok(alice.emit("room:join", room("general")));
            assertThat(code(alice.emit("room:history", history("limit", 101)))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:history", history("limit", 0)))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:history", history("after", -1)))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:history", history("before", 0)))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:history", history("after", "3")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:history", history("limit", 2.5)))).isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void aRejoinWithSinceGetsEveryMissedMessageInOrder() {
        try (TestNode node = TestNode.start(o -> o.messageRatePerSecond(1000))) {
            node.createRoom("general");
            TestClient sender = node.connect("bob");
            ok(sender.emit("room:join", room("general")));
            TestClient alice = node.connect("alice");
            JsonNode joined = ok(alice.emit("room:join", room("general")));
            sendAll(sender, 1, 5);
            long lastSeen = alice.last("message:new").orElseThrow().path("seq").asLong();
            alice.disconnect();
            sendAll(sender, 6, 505);

            TestClient back = node.connect("alice");
            JsonNode ack = ok(back.emit("room:join", since(lastSeen, joined.path("epoch").asText())));

            assertThat(ack.path("recovered").asBoolean()).isTrue();
            assertThat(ack.has("reason")).isFalse();
            assertThat(seqs(ack.path("messages"))).isEqualTo(range(6, 505));
            assertThat(ack.path("messages").get(0).path("content").asText()).isEqualTo("m6");
            assertThat(ack.path("offset").asLong()).isEqualTo(505);
            sendAll(sender, 506, 506);
            assertThat(back.received("message:new")).singleElement()
                    .satisfies(m -> assertThat(m.path("seq").asLong()).isEqualTo(506));
        }
    }

    @Test
    void aRejoinThatMissedNothingIsRecoveredWithNoMessages() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            JsonNode joined = ok(alice.emit("room:join", room("general")));
            sendAll(alice, 1, 2);

            JsonNode ack = ok(node.connect("alice").emit("room:join", since(2, joined.path("epoch").asText())));

            assertThat(ack.path("recovered").asBoolean()).isTrue();
            assertThat(ack.path("messages")).isEmpty();
        }
    }

    @Test
    void anotherEpochOrAnOffsetNeverHandedOutIsNotRecovered() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            JsonNode joined = ok(alice.emit("room:join", room("general")));
            sendAll(alice, 1, 3);

            JsonNode otherEpoch = ok(node.connect("alice").emit("room:join", since(1, "an-old-epoch")));
            JsonNode ahead = ok(node.connect("alice").emit("room:join", since(9, joined.path("epoch").asText())));

            for (JsonNode ack : List.of(otherEpoch, ahead)) {
                assertThat(ack.path("recovered").asBoolean()).isFalse();
                assertThat(ack.path("reason").asText()).isEqualTo("EPOCH_CHANGED");
                assertThat(ack.path("messages")).isEmpty();
                assertThat(ack.path("offset").asLong()).isEqualTo(3);
            }
        }
    }

    @Test
    void aClientAwayLongerThanTheWindowIsNotRecoveredAndPagesTheGap() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient bob = node.connect("bob");
            JsonNode joined = ok(bob.emit("room:join", room("general")));
            sendAll(bob, 1, 4);
            node.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
            sendAll(bob, 5, 6);

            TestClient alice = node.connect("alice");
            JsonNode ack = ok(alice.emit("room:join", since(2, joined.path("epoch").asText())));
            JsonNode gap = ok(alice.emit("room:history", history("after", 2, "limit", 100)));

            assertThat(ack.path("recovered").asBoolean()).isFalse();
            assertThat(ack.path("reason").asText()).isEqualTo("TOO_OLD");
            assertThat(seqs(gap.path("messages"))).isEqualTo(range(3, 6));
        }
    }

    @Test
    void moreMissedThanOneRecoveryReplaysIsNotRecovered() {
        try (TestNode node = TestNode.start(o -> { }, b -> b.historyOptions(
                HistoryOptions.builder().maxRecoveredMessages(3).build()))) {
            node.createRoom("general");
            TestClient bob = node.connect("bob");
            JsonNode joined = ok(bob.emit("room:join", room("general")));
            sendAll(bob, 1, 5);
            String epoch = joined.path("epoch").asText();

            JsonNode tooMany = ok(node.connect("alice").emit("room:join", since(1, epoch)));
            JsonNode fits = ok(node.connect("alice").emit("room:join", since(2, epoch)));

            assertThat(tooMany.path("recovered").asBoolean()).isFalse();
            assertThat(tooMany.path("reason").asText()).isEqualTo("TOO_OLD");
            assertThat(fits.path("recovered").asBoolean()).isTrue();
            assertThat(seqs(fits.path("messages"))).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void aRecoveryLargerThanOneHistoryReadIsReadInPages() {
        try (TestNode node = TestNode.start(o -> o.messageRatePerSecond(100_000), b -> b.historyOptions(
                HistoryOptions.builder().defaultLimits(new HistoryLimits(5000, Duration.ofHours(1)))
                        .maxRecoveredMessages(5000).build()))) {
            node.createRoom("general");
            TestClient bob = node.connect("bob");
            String epoch = ok(bob.emit("room:join", room("general"))).path("epoch").asText();
            for (int i = 1; i <= 2500; i++) {
                node.realtime.send("general", "bob", Message.of("m" + i));
            }

            JsonNode ack = ok(node.connect("alice").emit("room:join", since(0, epoch)));

            assertThat(ack.path("recovered").asBoolean()).isTrue();
            assertThat(seqs(ack.path("messages"))).isEqualTo(range(1, 2500));
        }
    }

    @Test
    void messagesTrimmedByTheRoomTypesBoundAreNotRecovered() {
        HistoryOptions options = HistoryOptions.builder()
                .limits(RoomType.DM, new HistoryLimits(2, Duration.ofHours(1))).build();
        try (TestNode node = TestNode.start(o -> { }, b -> b.historyOptions(options))) {
            node.realtime.rooms().create(Room.builder("general").type(RoomType.DM).build());
            node.createRoom("channel");
            TestClient bob = node.connect("bob");
            JsonNode joined = ok(bob.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("channel")));
            sendAll(bob, 1, 5);
            for (int i = 1; i <= 5; i++) {
                ok(bob.emit("message:send", Map.of("roomName", "channel", "content", "c" + i)));
            }

            JsonNode ack = ok(node.connect("alice").emit("room:join", since(1, joined.path("epoch").asText())));

            assertThat(ack.path("reason").asText()).isEqualTo("TOO_OLD");
            assertThat(node.realtime.history("general", HistoryQuery.newest(10))).hasSize(2);
            assertThat(node.realtime.history("channel", HistoryQuery.newest(10))).hasSize(5);
        }
    }

    @Test
    void sinceIsValidated() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");

            assertThat(code(alice.emit("room:join", Map.of("roomName", "general", "since", 5))))
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:join", Map.of("roomName", "general", "since", Map.of("epoch", "e")))))
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:join", since(-1, "e")))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:join", Map.of("roomName", "general",
                    "since", Map.of("offset", 1, "epoch", ""))))).isEqualTo("VALIDATION_ERROR");
            assertThat(code(alice.emit("room:join", since(1, "e".repeat(65))))).isEqualTo("VALIDATION_ERROR");
            assertThat(alice.received("message:new")).isEmpty();
        }
    }

    @Test
    void aResentClientMessageIdIsDeliveredAndKeptOnce() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient bob = node.connect("bob");
            ok(bob.emit("room:join", room("general")));
            TestClient alice = node.connect("alice");
            ok(alice.emit("room:join", room("general")));
            Map<String, Object> payload = Map.of("roomName", "general", "content", "hi", "clientMessageId", "c-1");
            JsonNode first = ok(alice.emit("message:send", payload));
            alice.disconnect();

            TestClient back = node.connect("alice");
            ok(back.emit("room:join", room("general")));
            JsonNode resent = ok(back.emit("message:send", payload));

            assertThat(first.has("duplicate")).isFalse();
            assertThat(resent.path("duplicate").asBoolean()).isTrue();
            assertThat(resent.path("id").asText()).isEqualTo(first.path("id").asText());
            assertThat(resent.path("seq").asLong()).isEqualTo(first.path("seq").asLong());
            assertThat(bob.received("message:new")).singleElement()
                    .satisfies(m -> assertThat(m.path("clientMessageId").asText()).isEqualTo("c-1"));
            assertThat(node.realtime.history("general", HistoryQuery.newest(10))).hasSize(1);
        }
    }

    @Test
    void aClientMessageIdIsPerUserAndRoomAndForgottenAfterTheWindow() {
        try (TestNode node = TestNode.start()) {
            node.createRoom("general");
            TestClient alice = node.connect("alice");
            TestClient bob = node.connect("bob");
            ok(alice.emit("room:join", room("general")));
            ok(bob.emit("room:join", room("general")));
            Map<String, Object> payload = Map.of("roomName", "general", "content", "hi", "clientMessageId", "same");

            JsonNode fromAlice = ok(alice.emit("message:send", payload));
            JsonNode fromBob = ok(bob.emit("message:send", payload));
            node.clock.advance(Duration.ofMinutes(3));
            JsonNode muchLater = ok(alice.emit("message:send", payload));

            assertThat(fromBob.has("duplicate")).isFalse();
            assertThat(muchLater.has("duplicate")).isFalse();
            assertThat(List.of(fromAlice, fromBob, muchLater)).extracting(a -> a.path("seq").asLong())
                    .containsExactly(1L, 2L, 3L);
            assertThat(code(alice.emit("message:send", Map.of("roomName", "general", "content", "x",
                    "clientMessageId", "c".repeat(129))))).isEqualTo("VALIDATION_ERROR");
        }
    }
}
