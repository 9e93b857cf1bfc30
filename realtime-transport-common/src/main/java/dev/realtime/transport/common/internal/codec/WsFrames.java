package dev.realtime.transport.common.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds server-to-client WebSocket frames (RFC 6455 section 5.2). Server frames are never masked, so one
 * frame's bytes can be written unchanged to every recipient.
 */
public final class WsFrames {
    private static final int FIN_TEXT = 0x81;
    private static final int FIN_PING = 0x89;
    private static final int FIN_CLOSE = 0x88;
    /** A control frame carries at most 125 bytes; a close frame's code takes two. */
    private static final int MAX_CLOSE_REASON = 123;

    /**
     * An empty ping control frame, read-only and shareable; in direct memory, so that a socket writes it as it is
     * (a heap buffer is copied to direct memory on every write, once per connection and heartbeat).
     */
    public static final ByteBuffer PING = constant(ByteBuffer.wrap(new byte[] {(byte) FIN_PING, 0}));

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

    /**
     * A close frame with {@code code} and as much of {@code reason} as fits a control frame (123 bytes,
     * cut at a character boundary).
     */
    public static ByteBuffer close(int code, String reason) {
        byte[] utf8 = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, MAX_CLOSE_REASON);
        while (length < utf8.length && length > 0 && (utf8[length] & 0xC0) == 0x80) {
            length--; // do not cut a multi-byte character
        }
        ByteBuffer frame = ByteBuffer.allocate(4 + length);
        frame.put((byte) FIN_CLOSE).put((byte) (2 + length)).putShort((short) code).put(utf8, 0, length);
        frame.flip();
        return frame.asReadOnlyBuffer();
    }

    /**
     * A read-only direct copy of {@code frame}, for frames sent over and over (heartbeat pings): sockets write
     * direct memory without copying it first.
     */
    public static ByteBuffer constant(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocateDirect(frame.remaining());
        copy.put(frame.duplicate());
        copy.flip();
        return copy.asReadOnlyBuffer();
    }

    /** A text frame carrying {@code text}. */
    public static ByteBuffer text(String text) {
        return text(text.getBytes(StandardCharsets.UTF_8));
    }
}
