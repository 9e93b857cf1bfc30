package dev.realtime.transport.common.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WsFramesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
    void headerEncodesTheLengthUnmasked(int length) {
        ByteBuffer frame = WsFrames.text(new byte[length]);
        assertThat(frame.get(0)).isEqualTo((byte) 0x81);
        int second = frame.get(1) & 0xFF;
        assertThat(second & 0x80).as("server frames are not masked").isZero();
        long decoded;
        int header;
        if (second < 126) {
            decoded = second;
            header = 2;
        } else if (second == 126) {
            decoded = frame.getShort(2) & 0xFFFF;
            header = 4;
        } else {
            decoded = frame.getLong(2);
            header = 10;
        }
        assertThat(decoded).isEqualTo(length);
        assertThat(frame.remaining()).isEqualTo(header + length);
    }

    @Test
    void aConstantFrameIsADirectReadOnlyCopyOfTheSameBytes() {
        ByteBuffer frame = WsFrames.text("2");
        ByteBuffer constant = WsFrames.constant(frame);
        assertThat(constant.isDirect()).isTrue();
        assertThat(constant.isReadOnly()).isTrue();
        assertThat(constant).isEqualTo(frame);
        assertThat(WsFrames.PING.isDirect()).isTrue();
        assertThat(WsFrames.PING).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0x89, 0}));
    }

    @Test
    void carriesUtf8Text() {
        ByteBuffer frame = WsFrames.text("hé");
        assertThat(frame.remaining()).isEqualTo(2 + 3);
        assertThat(frame.get(1)).isEqualTo((byte) 3);
    }
}
