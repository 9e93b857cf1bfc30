package dev.realtime.core.internal.engine;

import dev.realtime.core.spi.Ticker;

/**
 * A token bucket for one connection's event rate: {@code capacity} tokens, refilled at {@code perSecond}.
 * Refills are measured on the monotonic {@link Ticker}, so a wall-clock step (back or forward) neither stops
 * nor floods the refill. Used from one thread at a time (a session's events are delivered sequentially), so it
 * needs no locking.
 */
final class TokenBucket {
    private final Ticker ticker;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int perSecond, Ticker ticker) {
        this.ticker = ticker;
        this.capacity = perSecond;
        this.perNano = perSecond / 1e9;
        this.tokens = perSecond;
        this.lastNanos = ticker.nanos();
    }

    /** Takes one token; false when the bucket is empty. */
    boolean tryTake() {
        long now = ticker.nanos();
        if (now > lastNanos) {
            tokens = Math.min(capacity, tokens + (now - lastNanos) * perNano);
            lastNanos = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
