package dev.realtime.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A user-chosen status line.
 *
 * @param text      up to 100 characters
 * @param emoji     optional, up to 32 characters
 * @param expiresAt optional time at which the status clears itself
 */
public record CustomStatus(String text, String emoji, Instant expiresAt) {
    public static final int MAX_TEXT = 100;
    public static final int MAX_EMOJI = 32;

    public CustomStatus {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("custom status text longer than " + MAX_TEXT);
        }
        if (emoji != null && emoji.length() > MAX_EMOJI) {
            throw new IllegalArgumentException("custom status emoji longer than " + MAX_EMOJI);
        }
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
