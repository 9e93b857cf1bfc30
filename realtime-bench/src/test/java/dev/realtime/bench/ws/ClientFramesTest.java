package dev.realtime.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientFramesTest {
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};
    private final ClientFrames frames = new ClientFrames(MASK);

    @Test
    void smallTextFrameIsFinMaskedWithSevenBitLength() {
        byte[] frame = frames.text("hello".getBytes(StandardCharsets.UTF_8));

        assertThat(frame[0] & 0xFF).isEqualTo(0x81);
        assertThat(frame[1] & 0xFF).isEqualTo(0x80 | 5);
        assertThat(Arrays.copyOfRange(frame, 2, 6)).isEqualTo(MASK);
        assertThat(unmask(frame, 6)).isEqualTo("hello");
    }

    @Test
    void mediumPayloadUsesSixteenBitLength() {
        byte[] payload = "x".repeat(300).getBytes(StandardCharsets.UTF_8);
        byte[] frame = frames.text(payload);

        assertThat(frame[1] & 0x7F).isEqualTo(126);
        assertThat(((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)).isEqualTo(300);
        assertThat(frame).hasSize(8 + 300);
        assertThat(unmask(frame, 8)).isEqualTo("x".repeat(300));
    }

    @Test
    void largePayloadUsesSixtyFourBitLength() {
        byte[] frame = frames.encode(ClientFrames.OP_BINARY, new byte[70_000]);

        assertThat(frame[1] & 0x7F).isEqualTo(127);
        assertThat(frame).hasSize(14 + 70_000);
        assertThat(ClientFrames.headerLength(70_000)).isEqualTo(14);
    }

    @Test
    void rejectsMaskKeyOfWrongLength() {
        assertThatThrownBy(() -> new ClientFrames(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void preMaskedFramePatchesDigitsAlreadyMasked() {
        PreMaskedFrame frame = new PreMaskedFrame(frames, "id=000000;end");

        frame.patchDigits(3, 6, 4711);

        assertThat(unmask(frame.bytes(), 6)).isEqualTo("id=004711;end");
        frame.patchDigits(3, 6, 999_999);
        assertThat(unmask(frame.bytes(), 6)).isEqualTo("id=999999;end");
    }

    @Test
    void preMaskedFrameRefusesValuesThatDoNotFit() {
        PreMaskedFrame frame = new PreMaskedFrame(frames, "000");

        assertThatThrownBy(() -> frame.patchDigits(0, 3, 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Unmasks the payload that starts at {@code payloadStart}, as a server would. */
    static String unmask(byte[] frame, int payloadStart) {
        byte[] mask = Arrays.copyOfRange(frame, payloadStart - 4, payloadStart);
        byte[] out = new byte[frame.length - payloadStart];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (frame[payloadStart + i] ^ mask[i & 3]);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
