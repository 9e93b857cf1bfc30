package dev.realtime.bus.redis;

import java.util.List;
import java.util.UUID;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The machine's shared Redis for integration tests ({@code REALTIME_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}). Tests only use channels under a prefix of their own and never change the
 * server. A missing Redis fails the tests that need it.
 */
final class TestRedis {
    private TestRedis() {
    }

    static String url() {
        String url = System.getenv("REALTIME_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }

    /** A channel prefix no other test, run or engineer uses. */
    static String uniquePrefix() {
        return "rt-test-" + UUID.randomUUID();
    }

    /** Fails with a clear message when the shared Redis does not answer. */
    static void requireReachable() {
        try (Jedis jedis = connect(RedisEndpoint.parse(url()))) {
            if (!"PONG".equals(jedis.ping())) {
                throw new AssertionError("Redis at " + RedisEndpoint.parse(url()) + " did not answer PING");
            }
        } catch (RuntimeException e) {
            throw new AssertionError("Redis at " + RedisEndpoint.parse(url())
                    + " is required for the integration tests: " + e.getMessage(), e);
        }
    }

    /** {@code PUBSUB CHANNELS pattern} on the server of {@code url}. */
    static List<String> channels(String url, String pattern) {
        try (Jedis jedis = connect(RedisEndpoint.parse(url))) {
            return jedis.pubsubChannels(pattern);
        }
    }

    static Jedis connect(RedisEndpoint endpoint) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().resp2().timeoutMillis(2_000);
        endpoint.user().ifPresent(config::user);
        if (endpoint.hasPassword()) {
            config.password(endpoint.password());
        }
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
    }
}
