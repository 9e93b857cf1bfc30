package dev.realtime.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireProtocolTest {
    private final WireProtocol socketIo = WireProtocol.named("socketio");
    private final WireProtocol json = WireProtocol.named("ws");
    private final Inbound in = new Inbound();

    @Test
    void socketIoHandshakeSequence() {
        assertThat(classify(socketIo, "0{\"sid\":\"x\",\"pingInterval\":25000}").kind).isEqualTo(Inbound.Kind.ENGINE_OPEN);
        assertThat(socketIo.afterEngineOpen("T")).containsExactly("40{\"token\":\"T\"}");
        assertThat(classify(socketIo, "40{\"sid\":\"y\"}").kind).isEqualTo(Inbound.Kind.READY);
        assertThat(classify(socketIo, "44{\"message\":\"no\"}").kind).isEqualTo(Inbound.Kind.REFUSED);
        assertThat(classify(socketIo, "2").kind).isEqualTo(Inbound.Kind.HEARTBEAT);
        assertThat(socketIo.heartbeatReply()).isEqualTo("3");
    }

    @Test
    void socketIoAckCarriesIdAndOutcome() {
        Inbound ok = classify(socketIo, "43100000000[{\"success\":true,\"data\":{\"memberCount\":3}}]");
        assertThat(ok.kind).isEqualTo(Inbound.Kind.ACK);
        assertThat(ok.ackId).isEqualTo(100_000_000L);
        assertThat(ok.success).isTrue();

        Inbound bad = classify(socketIo, "437[{\"success\":false,\"error\":{\"code\":\"NOT_IN_ROOM\"}}]");
        assertThat(bad.ackId).isEqualTo(7);
        assertThat(bad.success).isFalse();
    }

    @Test
    void socketIoSendTemplateRoundTripsThroughMessageNew() {
        SendTemplate t = socketIo.sendTemplate("room-1", 64);
        String payload = patch(t, 100_000_042L, 123_456_789_012_345L);

        assertThat(payload).startsWith("42100000042[\"message:send\",{\"roomName\":\"room-1\",\"content\":\"T@123456789012345@");
        String content = payload.substring(payload.indexOf("T@"), payload.lastIndexOf('"'));
        assertThat(content).hasSize(64);

        Inbound msg = classify(socketIo, "42[\"message:new\",{\"id\":\"1\",\"roomName\":\"room-1\",\"content\":\""
                + content + "\",\"threadId\":null}]");
        assertThat(msg.kind).isEqualTo(Inbound.Kind.MESSAGE);
        assertThat(msg.stamp).isEqualTo(123_456_789_012_345L);
        assertThat(classify(socketIo, "42[\"user:joined\",{\"userId\":\"u\"}]").kind).isEqualTo(Inbound.Kind.OTHER);
        assertThat(classify(socketIo, "42[\"error\",{\"code\":\"RATE_LIMITED\"}]").kind).isEqualTo(Inbound.Kind.ERROR);
    }

    @Test
    void jsonProtocolAuthJoinAndAck() {
        assertThat(json.path()).isEqualTo("/ws");
        assertThat(json.afterUpgrade("T")).containsExactly("{\"event\":\"auth\",\"data\":{\"token\":\"T\"}}");
        assertThat(classify(json, "{\"event\":\"authenticated\",\"data\":{\"userId\":\"u\"}}").kind)
                .isEqualTo(Inbound.Kind.READY);
        assertThat(json.join("r", 100_000_000L))
                .isEqualTo("{\"event\":\"room:join\",\"data\":{\"roomName\":\"r\"},\"ack\":100000000}");

        Inbound ack = classify(json, "{\"ack\":100000000,\"data\":{\"success\":true,\"data\":{}}}");
        assertThat(ack.kind).isEqualTo(Inbound.Kind.ACK);
        assertThat(ack.ackId).isEqualTo(100_000_000L);
        assertThat(ack.success).isTrue();
        assertThat(classify(json, "{\"event\":\"error\",\"data\":{\"code\":\"FORBIDDEN\"}}").kind)
                .isEqualTo(Inbound.Kind.ERROR);
    }

    @Test
    void jsonSendTemplateIsValidJsonWithFixedWidthFields() {
        SendTemplate t = json.sendTemplate("r", 32);
        String payload = patch(t, 100_000_001L, 100_000_000_000_007L);

        assertThat(payload).isEqualTo("{\"event\":\"message:send\",\"data\":{\"roomName\":\"r\",\"content\":\"T@100000000000007@"
                + "x".repeat(32 - 18) + "\"},\"ack\":100000001}");
        Inbound msg = classify(json, "{\"event\":\"message:new\",\"data\":{\"content\":\"T@100000000000007@xx\"}}");
        assertThat(msg.kind).isEqualTo(Inbound.Kind.MESSAGE);
        assertThat(msg.stamp).isEqualTo(100_000_000_000_007L);
    }

    private static String patch(SendTemplate t, long ack, long stamp) {
        StringBuilder sb = new StringBuilder(t.payload());
        String a = Long.toString(ack);
        String s = Long.toString(stamp);
        sb.replace(t.ackOffset(), t.ackOffset() + WireProtocol.ACK_WIDTH, a);
        sb.replace(t.stampOffset(), t.stampOffset() + WireProtocol.STAMP_WIDTH, s);
        return sb.toString();
    }

    private Inbound classify(WireProtocol wire, String text) {
        byte[] b = ("..." + text).getBytes(StandardCharsets.UTF_8);
        wire.classify(b, 3, b.length - 3, in);
        return in;
    }
}
