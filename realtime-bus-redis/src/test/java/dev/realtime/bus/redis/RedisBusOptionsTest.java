package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBusOptionsTest {
    @Test
    void defaults() {
        RedisBusOptions options = RedisBusOptions.builder().url("redis://localhost").build();

        assertThat(options.channelPrefix()).isEqualTo("realtime");
        assertThat(options.channel()).isEqualTo("realtime:bus");
        assertThat(options.publishQueueCapacity()).isEqualTo(10_000);
        assertThat(options.reconnectBackoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.healthCheckInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aPrefixSeparatesDeployments() {
        RedisBusOptions options = RedisBusOptions.builder().url("redis://localhost").channelPrefix("chat-eu.1").build();

        assertThat(options.channel()).isEqualTo("chat-eu.1:bus");
    }

    @Test
    void theUrlIsRequired() {
        assertThatThrownBy(() -> RedisBusOptions.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Redis URL");
    }

    @Test
    void rejectsPrefixesWithGlobCharactersOrSpaces() {
        RedisBusOptions.Builder builder = RedisBusOptions.builder();

        assertThatThrownBy(() -> builder.channelPrefix("chat*")).hasMessageContaining("channel prefix");
        assertThatThrownBy(() -> builder.channelPrefix("my chat")).hasMessageContaining("channel prefix");
        assertThatThrownBy(() -> builder.channelPrefix("")).hasMessageContaining("channel prefix");
    }

    @Test
    void rejectsAnEmptyQueue() {
        assertThatThrownBy(() -> RedisBusOptions.builder().publishQueueCapacity(0))
                .hasMessageContaining("publish queue capacity must be at least 1");
    }

    @Test
    void rejectsABackoffWhoseMaximumIsBelowItsMinimum() {
        assertThatThrownBy(() -> RedisBusOptions.builder().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maximum must not be below");
        assertThatThrownBy(() -> RedisBusOptions.builder().reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("must be positive");
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        assertThatThrownBy(() -> RedisBusOptions.builder().commandTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("command timeout must be positive");
        assertThatThrownBy(() -> RedisBusOptions.builder().healthCheckInterval(Duration.ZERO))
                .hasMessageContaining("health check interval must be positive");
    }

    @Test
    void toStringNeverShowsThePassword() {
        RedisBusOptions options = RedisBusOptions.builder().url("redis://:hunter2@localhost").build();

        assertThat(options.toString()).doesNotContain("hunter2").contains("redis://:***@localhost:6379/0");
    }

    @Test
    void aTrustStoreMustBeReadable() {
        assertThatThrownBy(() -> RedisBusOptions.builder().trustStore(Path.of("no", "such", "store.p12"), "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a readable file");
    }

    @Test
    void theTrustStoreIsShownButNotItsPassword(@TempDir Path dir) throws IOException {
        Path store = Files.createFile(dir.resolve("trust.p12"));

        RedisBusOptions options = RedisBusOptions.builder().url("rediss://localhost").trustStore(store, "hunter2").build();

        assertThat(options.trustStore()).contains(store);
        assertThat(options.toString()).contains("trust.p12").doesNotContain("hunter2");
    }
}
