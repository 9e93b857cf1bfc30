package dev.realtime.bus.redis;

import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.History;
import dev.realtime.testkit.HistoryContract;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

/** The Redis history honours the history contract against the shared Redis, under a key prefix of its own. */
class RedisHistoryContractIT extends HistoryContract {
    @BeforeAll
    static void redisIsThere() {
        TestRedis.requireReachable();
    }

    private final String prefix = TestRedis.uniquePrefix();

    @Override
    protected History createHistory(Clock clock) {
        return new RedisHistory(RedisBusOptions.builder().url(TestRedis.url()).channelPrefix(prefix).build(), clock);
    }

    /** Removes this test's keys from the shared Redis. */
    @Override
    protected void releaseHistory(History used) {
        used.close();
        try (Jedis jedis = TestRedis.connect(RedisEndpoint.parse(TestRedis.url()))) {
            Set<String> keys = jedis.keys(prefix + ":*");
            if (!keys.isEmpty()) {
                jedis.del(keys.toArray(new String[0]));
            }
        }
    }
}
