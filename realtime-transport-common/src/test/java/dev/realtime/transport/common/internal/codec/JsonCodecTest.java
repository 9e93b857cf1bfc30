package dev.realtime.transport.common.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import dev.realtime.core.spi.transport.AckReply;
import dev.realtime.core.spi.transport.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {
    private final JsonCodec codec = JsonCodec.INSTANCE;

    @Test
    void authFrameIsAConnect() {
        ClientFrame.Connect connect = (ClientFrame.Connect) codec.decode(
                "{\"event\":\"auth\",\"data\":{\"token\":\"abc\"},\"ack\":1}");
        assertThat(connect.auth().get("token").asText()).isEqualTo("abc");
        assertThat(connect.ackId()).isEqualTo(1);
        assertThat(connect.namespace()).isEqualTo("/");
    }

    @Test
    void anonymousAuthHasAnEmptyObject() {
        ClientFrame.Connect connect = (ClientFrame.Connect) codec.decode("{\"event\":\"auth\"}");
        assertThat(connect.auth()).isEmpty();
        assertThat(connect.ackId()).isEqualTo(InboundEvent.NO_ACK);
    }

    @Test
    void eventWithAck() {
        ClientFrame.Event event = (ClientFrame.Event) codec.decode(
                "{\"event\":\"message:send\",\"data\":{\"roomName\":\"g\",\"content\":\"hi\"},\"ack\":42}");
        assertThat(event.event().name()).isEqualTo("message:send");
        assertThat(event.event().ackId()).isEqualTo(42);
        assertThat(event.event().data().get("content").asText()).isEqualTo("hi");
    }

    @Test
    void eventWithoutAckOrData() {
        ClientFrame.Event event = (ClientFrame.Event) codec.decode("{\"event\":\"ping\"}");
        assertThat(event.event().wantsAck()).isFalse();
        assertThat(event.event().data().isNull()).isTrue();
    }

    @Test
    void nullAckMeansNoAck() {
        ClientFrame.Event event = (ClientFrame.Event) codec.decode("{\"event\":\"ping\",\"ack\":null}");
        assertThat(event.event().wantsAck()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "[]", "1", "null", "\"s\"", "{}", "{\"event\":1}", "{\"event\":\"\"}",
        "{\"event\":\"a\",\"ack\":-1}", "{\"event\":\"a\",\"ack\":1.5}", "{\"event\":\"a\",\"ack\":\"1\"}",
        "{\"event\":\"auth\",\"data\":\"token\"}", "{\"event\":\"a\"", "{\"event\":\"a\",\"ack\":1e300}",
        "{\"event\":\"ping\"}xyz", "{\"event\":\"ping\"} {}"})
    void malformedInputBecomesAClearErrorNeverAnException(String text) {
        assertThatCode(() -> codec.decode(text)).doesNotThrowAnyException();
        ClientFrame frame = codec.decode(text);
        assertThat(frame).isInstanceOf(ClientFrame.Invalid.class);
        assertThat(((ClientFrame.Invalid) frame).code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(((ClientFrame.Invalid) frame).message()).isNotBlank();
    }

    @Test
    void nullIsInvalid() {
        assertThat(codec.decode(null)).isInstanceOf(ClientFrame.Invalid.class);
    }

    @Test
    void encodesEvents() {
        byte[] text = codec.encodeEvent("pong", "{\"serverTime\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"pong\",\"data\":{\"serverTime\":1}}");
    }

    @Test
    void encodesAcks() {
        assertThat(new String(codec.encodeAck(7, AckReply.ok(Map.of("id", "x"))), StandardCharsets.UTF_8))
                .isEqualTo("{\"ack\":7,\"data\":{\"success\":true,\"data\":{\"id\":\"x\"}}}");
        assertThat(new String(codec.encodeAck(8, AckReply.failed(RealtimeError.of(ErrorCode.FORBIDDEN, "no"))),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"ack\":8,\"data\":{\"success\":false,\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"no\"}}}");
    }
}
