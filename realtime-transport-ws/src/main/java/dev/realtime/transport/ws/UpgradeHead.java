package dev.realtime.transport.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP upgrade request's head as it arrives over several reads: gathered up to {@link #MAX_BYTES}
 * (a longer head is refused, never buffered), then parsed once. Each read is searched for the end of the
 * head only where it could be, so a client trickling a large head costs linear, not quadratic, work.
 */
final class UpgradeHead {
    /** Largest request head accepted, like common HTTP servers' default header buffer. */
    static final int MAX_BYTES = 16 * 1024;

    private byte[] bytes = new byte[1024];
    private int length;

    /** A parsed request head: request line and headers (names in lower case, first value wins). */
    record Request(String method, String target, String version, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * Adds {@code src[from, to)} (absolute positions; the buffer is not moved).
     *
     * @return the position in {@code src} just past the head's blank line, or -1 while the head is
     *     incomplete
     */
    int append(ByteBuffer src, int from, int to) {
        int before = length;
        int n = Math.min(to - from, MAX_BYTES - length);
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(MAX_BYTES, Math.max(bytes.length * 2, length + n)));
        }
        src.get(from, bytes, length, n);
        length += n;
        for (int i = Math.max(0, before - 3); i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                length = i;
                return from + (i + 4 - before);
            }
        }
        return -1;
    }

    /** True when the limit was reached without the head ending. */
    boolean full() {
        return length >= MAX_BYTES;
    }

    /** The head read so far, parsed; null when its request line is not {@code METHOD target HTTP/x.y}. */
    Request parse() {
        String[] lines = new String(bytes, 0, length, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Request(requestLine[0], requestLine[1], requestLine[2], headers);
    }
}
