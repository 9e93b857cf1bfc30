package dev.realtime.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitersTest {

    @Test
    void tokenBucketAllowsABurstThenRefillsWithTime() {
        TokenBucket bucket = new TokenBucket(10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryTake(0)).isTrue();
        }
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(100)).isTrue();
        assertThat(bucket.tryTake(100)).isFalse();
        assertThat(bucket.tryTake(10_000)).isTrue();
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
