package dev.realtime.core.spi.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of one room's history a {@link History} keeps: at most {@code maxMessages} of the newest messages, and
 * none older than {@code maxAge}. Whichever bound is hit first trims.
 *
 * @param maxMessages 1 or more
 * @param maxAge      positive
 */
public record HistoryLimits(int maxMessages, Duration maxAge) {
    public HistoryLimits {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
    }
}
