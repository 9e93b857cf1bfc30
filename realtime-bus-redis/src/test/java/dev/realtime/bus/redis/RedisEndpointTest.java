package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {
    @Test
    void hostAloneMeansDefaultPortAndDatabaseWithoutLogin() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://cache.internal");

        assertThat(endpoint.host()).isEqualTo("cache.internal");
        assertThat(endpoint.port()).isEqualTo(6379);
        assertThat(endpoint.database()).isZero();
        assertThat(endpoint.user()).isEmpty();
        assertThat(endpoint.hasPassword()).isFalse();
        assertThat(endpoint.tls()).isFalse();
    }

    @Test
    void readsPasswordPortAndDatabase() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:s3cret@10.0.0.5:6380/4");

        assertThat(endpoint.host()).isEqualTo("10.0.0.5");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.database()).isEqualTo(4);
        assertThat(endpoint.user()).isEmpty();
        assertThat(endpoint.password()).isEqualTo("s3cret");
    }

    @Test
    void readsAclUserAndPercentEncodedPassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://app:p%40ss%3Aword@localhost:6379/");

        assertThat(endpoint.user()).contains("app");
        assertThat(endpoint.password()).isEqualTo("p@ss:word");
        assertThat(endpoint.database()).isZero();
    }

    @Test
    void userInfoWithoutColonIsThePassword() {
        assertThat(RedisEndpoint.parse("redis://s3cret@localhost").password()).isEqualTo("s3cret");
    }

    @Test
    void redissMeansTls() {
        RedisEndpoint endpoint = RedisEndpoint.parse("REDISS://secure.example:6390");

        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint).hasToString("rediss://secure.example:6390/0");
    }

    @Test
    void acceptsIpv6Literals() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://[::1]:7000");

        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint).hasToString("redis://[::1]:7000/0");
    }

    @Test
    void toStringMasksThePassword() {
        assertThat(RedisEndpoint.parse("redis://app:s3cret@localhost:6379/2"))
                .hasToString("redis://app:***@localhost:6379/2");
        assertThat(RedisEndpoint.parse("redis://:s3cret@localhost").toString())
                .doesNotContain("s3cret").isEqualTo("redis://:***@localhost:6379/0");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> RedisEndpoint.parse("http://localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
    }

    @Test
    void rejectsAMissingHost() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis:///0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void rejectsABadDatabase() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://localhost/zero"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database number");
    }

    @Test
    void rejectsQueryParameters() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://localhost?timeout=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query");
    }

    @Test
    void malformedUrlErrorsNeverEchoThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://:sec ret@localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("sec ret")
                .hasMessageNotContaining("sec");
    }
}
