package dev.realtime.transport.ws;

import static dev.realtime.testkit.wire.RawWs.CLOSE;
import static dev.realtime.testkit.wire.RawWs.CONTINUATION;
import static dev.realtime.testkit.wire.RawWs.FIN;
import static dev.realtime.testkit.wire.RawWs.PING;
import static dev.realtime.testkit.wire.RawWs.TEXT;
import static dev.realtime.testkit.wire.RawWs.closePayload;
import static dev.realtime.testkit.wire.RawWs.frame;
import static dev.realtime.testkit.wire.RawWs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.testkit.wire.RawWs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The frame checks on their own, fed the way a socket delivers bytes: in pieces split anywhere. */
class FrameGateTest {
    private final AtomicInteger limit = new AtomicInteger(1024);
    private final FrameGate gate = new FrameGate(limit::get);

    private FrameGate.Violation feedByteByByte(byte[] stream) {
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        for (int i = 0; i < stream.length; i++) {
            FrameGate.Violation v = gate.inspect(buffer, i, i + 1);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.write(part, 0, part.length);
        }
        return all.toByteArray();
    }

    @Test
    void aWellFormedStreamSplitAtEveryByteHasNoViolation() {
        byte[] stream = concat(frame(FIN | TEXT, new byte[300]), frame(TEXT, utf8("ab")), frame(FIN | PING, utf8("p")),
                frame(CONTINUATION, new byte[70_000 / 100]), frame(FIN | CONTINUATION, utf8("end")),
                frame(FIN | CLOSE, closePayload(1000, utf8("bye ✓"))));
        assertThat(feedByteByByte(stream)).isNull();
    }

    @Test
    void aWholeStreamInOneReadHasNoViolation() {
        byte[] stream = concat(frame(FIN | TEXT, new byte[200]), frame(FIN | TEXT, new byte[1024]));
        assertThat(gate.inspect(ByteBuffer.wrap(stream), 0, stream.length)).isNull();
    }

    @Test
    void theRunningTotalOfAFragmentedMessageIsBounded() {
        byte[] stream = concat(frame(TEXT, new byte[600]), frame(CONTINUATION, new byte[600]));
        FrameGate.Violation v = feedByteByByte(stream);
        assertThat(v).isNotNull();
        assertThat(v.code()).isEqualTo(FrameGate.TOO_BIG);
    }

    @Test
    void theLimitInForceAtEachFrameApplies() {
        limit.set(100);
        assertThat(feedByteByByte(frame(FIN | TEXT, new byte[100]))).isNull();
        limit.set(2048); // authenticated meanwhile
        assertThat(feedByteByByte(frame(FIN | TEXT, new byte[2000]))).isNull();
    }

    @Test
    void aCloseReasonSplitInTheMiddleOfACharacterIsStillValid() {
        assertThat(feedByteByByte(frame(FIN | CLOSE, closePayload(4000, utf8("é€😀"))))).isNull();
    }

    @Test
    void anInvalidCloseReasonIs1007() {
        FrameGate.Violation v = feedByteByByte(frame(FIN | CLOSE, closePayload(1000, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
        assertThat(v).isNotNull();
        assertThat(v.code()).isEqualTo(FrameGate.INVALID_PAYLOAD);
    }

    @Test
    void closeCodesFollowTheRegistry() {
        assertThat(FrameGate.validCloseCode(1000)).isTrue();
        assertThat(FrameGate.validCloseCode(4999)).isTrue();
        assertThat(FrameGate.validCloseCode(1005)).isFalse();
        assertThat(FrameGate.validCloseCode(2999)).isFalse();
    }
}
