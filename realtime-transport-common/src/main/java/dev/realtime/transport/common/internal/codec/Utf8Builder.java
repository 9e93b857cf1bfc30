package dev.realtime.transport.common.internal.codec;

import java.util.Arrays;

/** A small growable byte array for assembling frame text from ASCII and pre-serialized JSON. */
final class Utf8Builder {
    private byte[] bytes;
    private int size;

    Utf8Builder(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    Utf8Builder ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    Utf8Builder raw(byte[] utf8) {
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    Utf8Builder number(long value) {
        return ascii(Long.toString(value));
    }

    byte[] toBytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
