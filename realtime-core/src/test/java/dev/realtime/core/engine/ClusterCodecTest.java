package dev.realtime.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.json.Json;
import dev.realtime.core.spi.transport.OutboundEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCodecTest {
    private static final String PAYLOAD =
            "{\"id\":\"m1\",\"content\":\"h\u00e9llo \\\"quoted\\\" } {\",\"metadata\":{\"a\":[1,{\"b\":null}]},\"seq\":7}";

    @Test
    void aRoomEventDecodesToWhatWasEncodedWithThePayloadBytesUnchanged() throws IOException {
        OutboundEvent event = OutboundEvent.ofJson("message:new", PAYLOAD.getBytes(StandardCharsets.UTF_8));

        byte[] wire = ClusterCodec.roomEvent("node-a", "lobby", event, "conn-1", "user-1", 42);
        ClusterCodec.RoomEvent decoded = ClusterCodec.decodeRoomEvent(wire);

        assertThat(decoded.room()).isEqualTo("lobby");
        assertThat(decoded.event()).isEqualTo("message:new");
        assertThat(decoded.exceptConnectionId()).isEqualTo("conn-1");
        assertThat(decoded.exceptUserId()).isEqualTo("user-1");
        assertThat(decoded.seq()).isEqualTo(42);
        assertThat(new String(decoded.payload(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
    }

    @Test
    void theEncodedRoomEventIsOrdinaryJsonWithThePayloadAsAnObject() throws IOException {
        OutboundEvent event = new OutboundEvent("message:new", Map.of("content", "hi"));

        byte[] wire = ClusterCodec.roomEvent("node-a", "lobby", event, null, null, 0);

        var tree = Json.reader().readTree(wire);
        assertThat(tree.path("t").asText()).isEqualTo("room");
        assertThat(tree.path("n").asText()).isEqualTo("node-a");
        assertThat(tree.path("p").path("content").asText()).isEqualTo("hi");
        assertThat(tree.has("xc")).isFalse();
        assertThat(tree.has("s")).isFalse();
    }

    @Test
    void optionalFieldsAbsentOrNullDecodeAsNoneAndFieldOrderDoesNotMatter() throws IOException {
        byte[] wire = "{\"p\":[1,2],\"xc\":null,\"e\":\"x:y\",\"extra\":{\"deep\":[{}]},\"t\":\"room\",\"n\":\"b\",\"r\":\"lobby\"}"
                .getBytes(StandardCharsets.UTF_8);

        ClusterCodec.RoomEvent decoded = ClusterCodec.decodeRoomEvent(wire);

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
}
