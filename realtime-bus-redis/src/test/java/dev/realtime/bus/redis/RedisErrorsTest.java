package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RedisErrorsTest {
    @Test
    void namesTheRootCauseOnce() {
        JedisConnectionException e = new JedisConnectionException("Failed to connect to 10.0.0.5:6379.",
                new IllegalStateException("wrapped", new ConnectException("Connection refused")));

        assertThat(RedisErrors.describe(e))
                .isEqualTo("Failed to connect to 10.0.0.5:6379.: java.net.ConnectException: Connection refused");
    }

    @Test
    void doesNotRepeatACauseTheMessageAlreadyContains() {
        ConnectException cause = new ConnectException("Read timed out");
        JedisConnectionException e = new JedisConnectionException(cause);

        assertThat(RedisErrors.describe(e)).isEqualTo("java.net.ConnectException: Read timed out");
    }

    @Test
    void fallsBackToTheTypeWithoutAMessage() {
        assertThat(RedisErrors.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
