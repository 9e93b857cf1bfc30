package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitersTest {

    @Test
    void tokenBucketAllowsABurstThenRefillsWithTime() {
        AtomicLong nanos = new AtomicLong();
        TokenBucket bucket = new TokenBucket(10, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryTake()).isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
        nanos.set(millis(100));
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        nanos.set(millis(10_000));
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void tokenBucketRefillsOnTheTickerWhateverTheWallClockDoes() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        TokenBucket bucket = new TokenBucket(2, clock);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();

        clock.stepWallClock(Duration.ofHours(-1));
        clock.advance(Duration.ofMillis(500));
        assertThat(bucket.tryTake()).as("refilled after the wall clock stepped back").isTrue();
        assertThat(bucket.tryTake()).isFalse();

        clock.stepWallClock(Duration.ofHours(2));
        assertThat(bucket.tryTake()).as("a forward step does not refill either").isFalse();
    }

    private static long millis(long ms) {
        return ms * 1_000_000;
    }

    @Test
    void connectionRateIsPerAddressPerMinuteAndTheTableIsBounded() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(2, 3);
        assertThat(limiter.tryAcquire("a", 0)).isTrue();
        assertThat(limiter.tryAcquire("a", 1)).isTrue();
        assertThat(limiter.tryAcquire("a", 2)).isFalse();
        assertThat(limiter.tryAcquire("b", 2)).isTrue();
        assertThat(limiter.tryAcquire("c", 2)).isTrue();
        assertThat(limiter.tryAcquire("d", 2)).as("table full of live windows").isFalse();
        assertThat(limiter.tryAcquire("a", 60_000)).isTrue();
        assertThat(limiter.tryAcquire("d", 60_002)).as("stale windows pruned").isTrue();
    }
}
