package dev.realtime.bench.wire;

import java.nio.charset.StandardCharsets;

/** Byte-level search helpers, so classifying a frame never decodes it into a String. */
final class Bytes {
    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Index of {@code needle} in {@code buf[off, off+len)}, or -1. */
    static int indexOf(byte[] buf, int off, int len, byte[] needle) {
        int last = off + len - needle.length;
        byte first = needle[0];
        outer:
        for (int i = off; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean startsWith(byte[] buf, int off, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses the unsigned decimal starting at {@code pos}; -1 if there is no digit there. */
    static long digits(byte[] buf, int pos, int end) {
        long v = 0;
        int i = pos;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            v = v * 10 + (buf[i] - '0');
            i++;
        }
        return i == pos ? -1 : v;
    }
}
