package dev.realtime.bus.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delays between a minimum and a maximum. Each delay is shortened by a random part of up
 * to half, so that many nodes losing the same Redis do not all come back in the same millisecond.
 * Not thread-safe: each reconnecting thread owns one.
 */
final class ReconnectBackoff {
    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private long ceilingMillis;

    ReconnectBackoff(Duration min, Duration max) {
        this(min, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1), the share of the jitter to take off */
    ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
        this.ceilingMillis = minMillis;
    }

    /** The wait before the next attempt; every call doubles the next one, up to the maximum. */
    Duration nextDelay() {
        long ceiling = ceilingMillis;
        ceilingMillis = Math.min(maxMillis, ceiling * 2);
        long jitter = (long) (ceiling / 2.0 * random.getAsDouble());
        return Duration.ofMillis(Math.max(minMillis, ceiling - jitter));
    }

    /** Back to the minimum, after a successful connection. */
    void reset() {
        ceilingMillis = minMillis;
    }
}
