package dev.realtime.bench.ws;

/**
 * Encodes client-to-server WebSocket frames (RFC 6455): always FIN, always masked.
 *
 * <p>The mask key is chosen once per connection, so a frame can be masked ahead of time and only
 * the bytes that change are re-masked (see {@link PreMaskedFrame}). A load generator does not need
 * the unpredictable per-frame masks that protect browsers from cache poisoning.
 */
public final class ClientFrames {
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private final byte[] mask;

    /** @param mask the four-byte masking key used for every frame of this connection */
    public ClientFrames(byte[] mask) {
        if (mask.length != 4) {
            throw new IllegalArgumentException("mask key must be 4 bytes");
        }
        this.mask = mask.clone();
    }

    /** A masked text frame. */
    public byte[] text(byte[] utf8) {
        return encode(OP_TEXT, utf8);
    }

    /** A masked frame of the given opcode carrying {@code payload}. */
    public byte[] encode(int opcode, byte[] payload) {
        int header = headerLength(payload.length);
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        int pos;
        if (payload.length <= 125) {
            frame[1] = (byte) (0x80 | payload.length);
            pos = 2;
        } else if (payload.length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
            pos = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            long len = payload.length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
            pos = 10;
        }
        System.arraycopy(mask, 0, frame, pos, 4);
        pos += 4;
        for (int i = 0; i < payload.length; i++) {
            frame[pos + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** Bytes of frame header (including the mask key) for a payload of this length. */
    public static int headerLength(int payloadLength) {
        if (payloadLength <= 125) {
            return 6;
        }
        return payloadLength <= 0xFFFF ? 8 : 14;
    }

    /** The masking key (a copy). */
    public byte[] mask() {
        return mask.clone();
    }
}
