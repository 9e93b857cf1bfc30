package dev.realtime.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFrameParserTest {
    private final List<String> texts = new ArrayList<>();
    private final List<Integer> opcodes = new ArrayList<>();
    private final ServerFrameParser.FrameHandler collect = (op, fin, buf, off, len) -> {
        opcodes.add(op);
        texts.add(new String(buf, off, len, StandardCharsets.UTF_8));
    };

    @Test
    void parsesSeveralFramesInOneRead() {
        byte[] bytes = concat(serverFrame(0x1, "42[\"a\"]"), serverFrame(0x9, "p"), serverFrame(0x1, "2"));

        int consumed = ServerFrameParser.parse(bytes, 0, bytes.length, collect);

        assertThat(consumed).isEqualTo(bytes.length);
        assertThat(texts).containsExactly("42[\"a\"]", "p", "2");
        assertThat(opcodes).containsExactly(0x1, 0x9, 0x1);
    }

    @Test
    void leavesAnIncompleteFrameUnconsumed() {
        byte[] whole = concat(serverFrame(0x1, "first"), serverFrame(0x1, "second"));
        int cut = whole.length - 3;

        int consumed = ServerFrameParser.parse(whole, 0, cut, collect);

        assertThat(texts).containsExactly("first");
        assertThat(consumed).isEqualTo(2 + 5);
        int rest = ServerFrameParser.parse(whole, consumed, whole.length - consumed, collect);
        assertThat(rest).isEqualTo(whole.length - consumed);
        assertThat(texts).containsExactly("first", "second");
    }

    @Test
    void readsExtendedLengths() {
        String medium = "m".repeat(1000);
        String large = "L".repeat(70_000);
        byte[] bytes = concat(serverFrame(0x1, medium), serverFrame(0x1, large));

        ServerFrameParser.parse(bytes, 0, bytes.length, collect);

        assertThat(texts).containsExactly(medium, large);
        assertThat(ServerFrameParser.frameSize(bytes, 0, bytes.length)).isEqualTo(4 + 1000);
    }

    @Test
    void waitsForACompleteExtendedHeader() {
        byte[] bytes = serverFrame(0x1, "m".repeat(1000));

        assertThat(ServerFrameParser.parse(bytes, 0, 3, collect)).isZero();
        assertThat(ServerFrameParser.frameSize(bytes, 0, 3)).isEqualTo(-1);
        assertThat(texts).isEmpty();
    }

    @Test
    void rejectsMaskedServerFrames() {
        byte[] masked = new ClientFrames(new byte[] {1, 2, 3, 4}).text(new byte[] {'x'});

        assertThatThrownBy(() -> ServerFrameParser.parse(masked, 0, masked.length, collect))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void handshakeAcceptMatchesTheRfcExample() {
        assertThat(Handshake.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    /** An unmasked FIN frame as a server sends it. */
    static byte[] serverFrame(int opcode, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        if (payload.length <= 125) {
            out.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
