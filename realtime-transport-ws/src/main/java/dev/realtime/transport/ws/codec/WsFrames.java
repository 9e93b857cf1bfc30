package dev.realtime.transport.ws.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds server-to-client WebSocket frames (RFC 6455 section 5.2). Server frames are never masked, so one
 * frame's bytes can be written unchanged to every recipient.
 */
public final class WsFrames {
    private static final int FIN_TEXT = 0x81;
    private static final int FIN_PING = 0x89;

    /** An empty ping control frame, read-only and shareable. */
    public static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {(byte) FIN_PING, 0}).asReadOnlyBuffer();

    private WsFrames() {
    }

    /** A single, final text frame carrying {@code utf8}, as a read-only buffer positioned at its start. */
    public static ByteBuffer text(byte[] utf8) {
        int length = utf8.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put((byte) FIN_TEXT);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126);
            frame.putShort((short) length);
        } else {
            frame.put((byte) 127);
            frame.putLong(length);
        }
        frame.put(utf8);
        frame.flip();
        return frame.asReadOnlyBuffer();
    }

    /** A text frame carrying {@code text}. */
    public static ByteBuffer text(String text) {
        return text(text.getBytes(StandardCharsets.UTF_8));
    }
}
