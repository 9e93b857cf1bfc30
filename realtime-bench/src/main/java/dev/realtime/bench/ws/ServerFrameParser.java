package dev.realtime.bench.ws;

/**
 * Parses unmasked server-to-client WebSocket frames out of a byte range, without copying payloads.
 *
 * <p>Only complete frames are handed out; the caller keeps the unconsumed tail and calls again
 * when more bytes arrive. Fragmented messages are handed out fragment by fragment with their
 * opcode and FIN bit; reassembly is the caller's business (servers under test do not fragment).
 */
public final class ServerFrameParser {
    /** Receives one complete frame; the payload is only valid during the call. */
    @FunctionalInterface
    public interface FrameHandler {
        void onFrame(int opcode, boolean fin, byte[] buf, int offset, int length);
    }

    private ServerFrameParser() {
    }

    /**
     * Hands every complete frame in {@code buf[offset, offset+length)} to {@code handler}.
     *
     * @return the number of bytes consumed (complete frames only)
     * @throws IllegalStateException on a masked server frame or a frame larger than 2 GB
     */
    public static int parse(byte[] buf, int offset, int length, FrameHandler handler) {
        int pos = offset;
        int end = offset + length;
        while (end - pos >= 2) {
            int b0 = buf[pos] & 0xFF;
            int b1 = buf[pos + 1] & 0xFF;
            if ((b1 & 0x80) != 0) {
                throw new IllegalStateException("server frames must not be masked");
            }
            int len7 = b1 & 0x7F;
            int header;
            long payloadLength;
            if (len7 <= 125) {
                header = 2;
                payloadLength = len7;
            } else if (len7 == 126) {
                header = 4;
                if (end - pos < header) {
                    break;
                }
                payloadLength = ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
            } else {
                header = 10;
                if (end - pos < header) {
                    break;
                }
                payloadLength = 0;
                for (int i = 0; i < 8; i++) {
                    payloadLength = (payloadLength << 8) | (buf[pos + 2 + i] & 0xFF);
                }
                if (payloadLength > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("frame too large: " + payloadLength);
                }
            }
            if (end - pos < header + payloadLength) {
                break;
            }
            handler.onFrame(b0 & 0x0F, (b0 & 0x80) != 0, buf, pos + header, (int) payloadLength);
            pos += header + (int) payloadLength;
        }
        return pos - offset;
    }

    /** Total size of the frame starting at {@code buf[offset]}, or -1 if the header is incomplete. */
    public static long frameSize(byte[] buf, int offset, int available) {
        if (available < 2) {
            return -1;
        }
        int len7 = buf[offset + 1] & 0x7F;
        if (len7 <= 125) {
            return 2L + len7;
        }
        if (len7 == 126) {
            return available < 4 ? -1 : 4L + (((buf[offset + 2] & 0xFF) << 8) | (buf[offset + 3] & 0xFF));
        }
        if (available < 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (buf[offset + 2 + i] & 0xFF);
        }
        return 10L + n;
    }
}
