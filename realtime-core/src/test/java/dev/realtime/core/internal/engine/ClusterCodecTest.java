package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.internal.json.Json;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCodecTest {
    private static final String PAYLOAD =
            "{\"id\":\"m1\",\"content\":\"h\u00e9llo \\\"quoted\\\" } {\",\"metadata\":{\"a\":[1,{\"b\":null}]},\"seq\":7}";

    @Test
    void aRoomEventDecodesToWhatWasEncodedWithThePayloadBytesUnchanged() throws IOException {
        OutboundEvent event = OutboundEvent.ofJson("message:new", PAYLOAD.getBytes(StandardCharsets.UTF_8));

        byte[] wire = ClusterCodec.encode("node-a",
                new ClusterMessage.RoomEvent("lobby", event, "conn-1", "user-1", 42));
        ClusterMessage.RoomEvent decoded = (ClusterMessage.RoomEvent) decode(wire).message();

        assertThat(decoded.room()).isEqualTo("lobby");
        assertThat(decoded.event().name()).isEqualTo("message:new");
        assertThat(decoded.exceptConnectionId()).isEqualTo("conn-1");
        assertThat(decoded.exceptUserId()).isEqualTo("user-1");
        assertThat(decoded.seq()).isEqualTo(42);
        assertThat(decoded.event().recoveryOffset()).isEqualTo(RecoveryOffsets.format(42, "lobby"));
        assertThat(new String(decoded.event().payloadJson(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
    }

    @Test
    void theEncodedRoomEventIsOrdinaryJsonWithThePayloadAsAnObject() throws IOException {
        OutboundEvent event = new OutboundEvent("message:new", Map.of("content", "hi"));

        byte[] wire = ClusterCodec.encode("node-a", new ClusterMessage.RoomEvent("lobby", event, null, null, 0));

        var tree = Json.reader().readTree(wire);
        assertThat(tree.path("t").asText()).isEqualTo("room");
        assertThat(tree.path("n").asText()).isEqualTo("node-a");
        assertThat(tree.path("wv").asInt()).isEqualTo(ClusterMessage.WIRE_VERSION);
        assertThat(tree.path("p").path("content").asText()).isEqualTo("hi");
        assertThat(tree.has("xc")).isFalse();
        assertThat(tree.has("s")).isFalse();
    }

    @Test
    void optionalFieldsAbsentOrNullDecodeAsNoneAndFieldOrderDoesNotMatter() throws IOException {
        byte[] wire = "{\"p\":[1,2],\"xc\":null,\"e\":\"x:y\",\"extra\":{\"deep\":[{}]},\"t\":\"room\",\"n\":\"b\",\"r\":\"lobby\"}"
                .getBytes(StandardCharsets.UTF_8);

        ClusterCodec.RoomEventFrame decoded = ClusterCodec.decodeRoomEvent(wire);

        assertThat(decoded.version()).isEqualTo(1);
        assertThat(decoded.exceptConnectionId()).isNull();
        assertThat(decoded.exceptUserId()).isNull();
        assertThat(decoded.seq()).isZero();
        assertThat(new String(decoded.payload(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
    }

    @Test
    void aScalarPayloadIsAcceptedToo() throws IOException {
        byte[] wire = "{\"t\":\"room\",\"n\":\"b\",\"r\":\"lobby\",\"e\":\"x\",\"p\":\"text\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(new String(ClusterCodec.decodeRoomEvent(wire).payload(), StandardCharsets.UTF_8))
                .isEqualTo("\"text\"");
    }

    @Test
    void aRoomMessageWithoutRoomEventOrPayloadIsRefused() {
        byte[] wire = "{\"t\":\"room\",\"n\":\"b\",\"e\":\"x\",\"p\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ClusterCodec.decodeRoomEvent(wire)).isInstanceOf(IOException.class)
                .hasMessageContaining("r, e and p");
    }

    @Test
    void theEnvelopeNamesTypeAndSenderWhereverTheyAre() throws IOException {
        byte[] wire = "{\"x\":{\"t\":\"no\"},\"n\":\"node-b\",\"t\":\"hb\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(ClusterCodec.envelope(wire)).isEqualTo(new ClusterCodec.Envelope("hb", "node-b"));
    }

    @Test
    void theEnvelopeOfSomethingElseThanAnObjectIsEmptyAndOfBrokenJsonAnError() throws IOException {
        assertThat(ClusterCodec.envelope("[1]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClusterCodec.Envelope("", ""));
        assertThat(ClusterCodec.envelope("{\"t\":3}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ClusterCodec.Envelope("", ""));
        assertThatThrownBy(() -> ClusterCodec.envelope("{\"t\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    // ---- versions and compatibility ------------------------------------------------------------------

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Messages exactly as nodes wrote them before the wire version existed (version 1 without "wv"). */
    private static final Map<String, String> RECORDED = Map.ofEntries(
            Map.entry("hb", "{\"t\":\"hb\",\"n\":\"node-b\"}"),
            Map.entry("sync", "{\"t\":\"sync\",\"n\":\"node-b\",\"target\":\"*\"}"),
            Map.entry("bye", "{\"t\":\"bye\",\"n\":\"node-b\"}"),
            Map.entry("pres", "{\"t\":\"pres\",\"n\":\"node-b\",\"u\":\"alice\",\"c\":2,\"rooms\":[\"general\"],"
                    + "\"s\":\"busy\",\"ct\":\"in a meeting\",\"ce\":\"M\",\"cx\":\"2026-01-01T01:00:00Z\",\"v\":17,"
                    + "\"la\":\"2026-01-01T00:00:00Z\"}"),
            Map.entry("typ", "{\"t\":\"typ\",\"n\":\"node-b\",\"r\":\"general\",\"th\":\"t1\",\"u\":\"alice\","
                    + "\"sa\":\"2026-01-01T00:00:00Z\",\"ea\":\"2026-01-01T00:00:05Z\",\"stop\":false}"),
            Map.entry("mem", "{\"t\":\"mem\",\"n\":\"node-b\",\"m\":{\"roomName\":\"general\",\"userId\":\"alice\","
                    + "\"role\":\"MODERATOR\",\"muted\":false,\"banned\":true,\"joinedAt\":\"2026-01-01T00:00:00Z\","
                    + "\"lastSeenAt\":null},\"del\":false}"),
            Map.entry("rm", "{\"t\":\"rm\",\"n\":\"node-b\",\"room\":{\"name\":\"general\",\"type\":\"GROUP\","
                    + "\"visibility\":\"PRIVATE\",\"maxMembers\":9,\"active\":true,\"settings\":{\"topic\":\"x\"},"
                    + "\"metadata\":{},\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"},"
                    + "\"del\":true}"),
            Map.entry("kick", "{\"t\":\"kick\",\"n\":\"node-b\",\"u\":null,\"c\":\"conn-7\"}"),
            Map.entry("rvk", "{\"t\":\"rvk\",\"n\":\"node-b\",\"u\":\"mallory\",\"at\":1767225600000}"),
            Map.entry("snap", "{\"t\":\"snap\",\"n\":\"node-b\",\"pres\":[{\"n\":\"node-b\",\"u\":\"bob\",\"c\":1,"
                    + "\"rooms\":[],\"s\":\"online\",\"v\":3}],\"typ\":[{\"r\":\"general\",\"u\":\"bob\","
                    + "\"sa\":\"2026-01-01T00:00:00Z\",\"ea\":\"2026-01-01T00:00:05Z\"}],"
                    + "\"rvk\":{\"mallory\":1767225600000}}"));

    /** What each recorded message means. */
    private static final Map<String, ClusterMessage> MEANT = Map.ofEntries(
            Map.entry("hb", new ClusterMessage.Heartbeat()),
            Map.entry("sync", new ClusterMessage.SyncRequest("*")),
            Map.entry("bye", new ClusterMessage.Bye()),
            Map.entry("pres", new ClusterMessage.PresenceShare(new PresenceService.Share("node-b", "alice", 2,
                    List.of("general"), PresenceStatus.BUSY,
                    new CustomStatus("in a meeting", "M", Instant.parse("2026-01-01T01:00:00Z")), 17, T0))),
            Map.entry("typ", new ClusterMessage.TypingChange(new TypingService.Remote("node-b", "general", "t1",
                    "alice", T0, T0.plusSeconds(5)), false)),
            Map.entry("mem", new ClusterMessage.MembershipChange(
                    new Membership("general", "alice", MemberRole.MODERATOR, false, true, T0, null), false)),
            Map.entry("rm", new ClusterMessage.RoomChange(new Room("general", RoomType.GROUP,
                    RoomVisibility.PRIVATE, 9, true, Map.of("topic", "x"), Map.of(), T0, T0), true)),
            Map.entry("kick", new ClusterMessage.Kick(null, "conn-7")),
            Map.entry("rvk", new ClusterMessage.Revoke("mallory", 1767225600000L)));

    private static ClusterCodec.Decoded decode(byte[] wire) throws IOException {
        return ClusterCodec.decode(ClusterCodec.envelope(wire), wire);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messagesOfTheFormatBeforeWireVersionsAreReadAsVersionOne() throws IOException {
        for (Map.Entry<String, ClusterMessage> e : MEANT.entrySet()) {
            ClusterCodec.Decoded decoded = decode(bytes(RECORDED.get(e.getKey())));
            assertThat(decoded.from()).isEqualTo("node-b");
            assertThat(decoded.message()).as(e.getKey()).isEqualTo(e.getValue());
        }
        ClusterMessage.Snapshot snap = (ClusterMessage.Snapshot) decode(bytes(RECORDED.get("snap"))).message();
        assertThat(snap.presence()).extracting(PresenceService.Share::userId).containsExactly("bob");
        assertThat(snap.typing()).singleElement().satisfies(t -> {
            assertThat(t.node()).isEqualTo("node-b");
            assertThat(t.threadId()).isNull();
        });
        assertThat(snap.revocations()).containsExactly(Map.entry("mallory", 1767225600000L));
    }

    @Test
    void whatThisNodeWritesIsTheRecordedFormatPlusTheWireVersionSoPreviousNodesReadIt() throws IOException {
        for (Map.Entry<String, ClusterMessage> e : MEANT.entrySet()) {
            ObjectNode written = (ObjectNode) Json.reader().readTree(ClusterCodec.encode("node-b", e.getValue()));
            assertThat(written.remove("wv").asInt()).isEqualTo(1);
            assertThat(written).as(e.getKey()).isEqualTo(Json.reader().readTree(RECORDED.get(e.getKey())));
        }
    }

    @Test
    void aRoomEventOfTheRecordedFormatIsReadAsVersionOne() throws IOException {
        byte[] recorded = bytes("{\"t\":\"room\",\"n\":\"node-b\",\"r\":\"lobby\",\"e\":\"message:new\",\"s\":5,"
                + "\"p\":{\"content\":\"hi\"}}");

        ClusterMessage.RoomEvent decoded = (ClusterMessage.RoomEvent) decode(recorded).message();

        assertThat(decoded.seq()).isEqualTo(5);
        assertThat(new String(decoded.event().payloadJson(), StandardCharsets.UTF_8)).isEqualTo("{\"content\":\"hi\"}");
    }

    @Test
    void unknownKindsNewerVersionsAndBrokenMessagesAreSkippedWithTheirReason() throws IOException {
        assertThat(decode(bytes("{\"t\":\"lease\",\"n\":\"node-c\",\"wv\":1,\"x\":1}")).skipped())
                .isEqualTo(ClusterCodec.SkipReason.UNKNOWN_KIND);
        assertThat(decode(bytes("{\"t\":\"pres\",\"n\":\"node-c\",\"wv\":2,\"u\":\"alice\"}")).skipped())
                .isEqualTo(ClusterCodec.SkipReason.NEWER_VERSION);
        assertThat(decode(bytes("{\"t\":\"room\",\"n\":\"node-c\",\"wv\":2,\"r\":\"a\",\"e\":\"x\",\"p\":{}}"))
                .skipped()).isEqualTo(ClusterCodec.SkipReason.NEWER_VERSION);
        assertThat(decode(bytes("{\"t\":\"mem\",\"n\":\"node-c\"}")).skipped())
                .isEqualTo(ClusterCodec.SkipReason.MALFORMED);
        assertThat(decode(bytes("{\"t\":\"rvk\",\"n\":\"node-c\",\"u\":\"x\",\"at\":\"soon\"}")).skipped())
                .isEqualTo(ClusterCodec.SkipReason.MALFORMED);
    }

    @Test
    void fieldsAddedWithinAVersionAreIgnored() throws IOException {
        JsonNode withExtra = Json.reader().readTree(RECORDED.get("rvk"));
        ((ObjectNode) withExtra).put("wv", 1).put("reason", "added later");

        assertThat(decode(Json.writer().writeValueAsBytes(withExtra)).message()).isEqualTo(MEANT.get("rvk"));
    }
}
