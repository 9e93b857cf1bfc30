package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.spi.bus.Bus;
import dev.realtime.testkit.BusContract;
import org.junit.jupiter.api.BeforeAll;

/** The Redis bus keeps every bus guarantee, on the real Redis, each test under a channel prefix of its own. */
class RedisBusContractIT extends BusContract {
    private final String prefix = TestRedis.uniquePrefix();

    @BeforeAll
    static void redisIsRequired() {
        TestRedis.requireReachable();
    }

    @Override
    protected Bus newNode() {
        return new RedisBus(RedisBusOptions.builder()
                .url(TestRedis.url())
                .channelPrefix(prefix)
                .publishQueueCapacity(1_024)
                .build());
    }

    @Override
    protected void afterNodesClosed() {
        assertThat(TestRedis.channels(TestRedis.url(), prefix + "*")).as("channels left subscribed").isEmpty();
    }
}
