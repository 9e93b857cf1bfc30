package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import dev.realtime.testkit.RecoveryStoreContract;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The Redis recovery store honours the recovery store contract against the shared Redis, under a key prefix of its
 * own; times to live are Redis's, so the expiry cases wait for real.
 */
class RedisRecoveryStoreContractIT extends RecoveryStoreContract {
    @BeforeAll
    static void redisIsThere() {
        TestRedis.requireReachable();
    }

    private final String prefix = TestRedis.uniquePrefix();

    @Override
    protected RecoveryStore createStore(Clock clock) {
        return new RedisRecoveryStore(RedisBusOptions.builder().url(TestRedis.url()).channelPrefix(prefix).build());
    }

    /** Redis expires keys on its own clock: wait for it. */
    @Override
    protected void letTimePass(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void everyKeyHasATimeToLive() {
        store.park(unique("pid"), new ParkedSession(unique("alice"),
                Map.of(), clock.now()), Duration.ofMinutes(2));
        store.claim(new SentMessageKey(unique("room"), "alice", "c-1"),
                Duration.ofMinutes(2));

        try (Jedis jedis = TestRedis.connect(RedisEndpoint.parse(TestRedis.url()))) {
            Set<String> keys = jedis.keys(prefix + ":*");
            assertThat(keys).hasSize(2);
            for (String key : keys) {
                assertThat(jedis.pttl(key)).as(key).isBetween(1L, Duration.ofMinutes(2).toMillis());
            }
        }
    }

    /** Removes this test's keys from the shared Redis. */
    @Override
    protected void releaseStore(RecoveryStore used) {
        used.close();
        try (Jedis jedis = TestRedis.connect(RedisEndpoint.parse(TestRedis.url()))) {
            Set<String> keys = jedis.keys(prefix + ":*");
            if (!keys.isEmpty()) {
                jedis.del(keys.toArray(new String[0]));
            }
        }
    }
}
