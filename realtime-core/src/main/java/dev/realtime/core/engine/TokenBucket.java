package dev.realtime.core.engine;

/**
 * A token bucket for one connection's event rate: {@code capacity} tokens, refilled at {@code perSecond}.
 * Used from one thread at a time (a session's events are delivered sequentially), so it needs no locking.
 */
final class TokenBucket {
    private final double capacity;
    private final double perMilli;
    private double tokens;
    private long lastMillis;

    TokenBucket(int perSecond, long nowMillis) {
        this.capacity = perSecond;
        this.perMilli = perSecond / 1000.0;
        this.tokens = perSecond;
        this.lastMillis = nowMillis;
    }

    /** Takes one token; false when the bucket is empty. */
    boolean tryTake(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
