package dev.realtime.bench.ws;

import java.nio.charset.StandardCharsets;

/**
 * A text frame masked once, whose fixed-width decimal fields are patched in place before each send.
 *
 * <p>The template payload holds placeholders (e.g. the send stamp and the ack id); patching writes
 * the new digits already masked, so sending costs no re-encoding and no allocation.
 */
public final class PreMaskedFrame {
    private final byte[] frame;
    private final byte[] mask;
    private final int payloadStart;

    /** Masks {@code payload} with {@code frames}' key. */
    public PreMaskedFrame(ClientFrames frames, String payload) {
        byte[] utf8 = payload.getBytes(StandardCharsets.UTF_8);
        this.frame = frames.text(utf8);
        this.mask = frames.mask();
        this.payloadStart = ClientFrames.headerLength(utf8.length);
    }

    /**
     * Writes {@code value} as exactly {@code width} decimal digits (zero-padded) at payload offset
     * {@code payloadOffset}.
     */
    public void patchDigits(int payloadOffset, int width, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        long v = value;
        for (int i = width - 1; i >= 0; i--) {
            int digit = (int) (v % 10);
            v /= 10;
            int p = payloadOffset + i;
            frame[payloadStart + p] = (byte) (('0' + digit) ^ mask[p & 3]);
        }
        if (v != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " digits");
        }
    }

    /** The frame bytes; shared, so write them out before the next patch. */
    public byte[] bytes() {
        return frame;
    }
}
