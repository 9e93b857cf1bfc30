package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresStoreOptionsTest {
    private final PostgresStoreOptions.Builder builder = PostgresStoreOptions.builder("postgresql://u@h/db");

    @Test
    void defaultsBoundEveryWait() {
        PostgresStoreOptions options = builder.build();

        assertThat(options.connectionTimeout()).isPositive();
        assertThat(options.statementTimeout()).isPositive();
        assertThat(options.lockTimeout()).isPositive();
        assertThat(options.socketTimeout()).isGreaterThan(options.statementTimeout());
        assertThat(options.eventRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(options.applySchema()).isTrue();
    }

    @Test
    void toBuilderCopiesEverything() {
        PostgresStoreOptions options = builder.poolSize(7).statementTimeout(Duration.ofSeconds(2))
                .eventRetention(Duration.ZERO).staleConnectionAfter(Duration.ZERO).applySchema(false).build();

        PostgresStoreOptions copy = options.toBuilder().build();

        assertThat(copy.toString()).isEqualTo(options.toString());
        assertThat(copy.poolSize()).isEqualTo(7);
        assertThat(copy.retentionBatchSize()).isEqualTo(options.retentionBatchSize());
    }

    @Test
    void refusesValuesThatCannotWork() {
        assertThatThrownBy(() -> builder.poolSize(0)).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> builder.statementTimeout(Duration.ZERO)).hasMessageContaining("statementTimeout");
        assertThatThrownBy(() -> builder.eventRetention(Duration.ofSeconds(1))).hasMessageContaining("eventRetention");
        assertThatThrownBy(() -> builder.retentionBatchSize(0)).hasMessageContaining("retentionBatchSize");
        assertThatThrownBy(() -> builder.socketTimeout(Duration.ofSeconds(5))
                .statementTimeout(Duration.ofSeconds(10)).build()).hasMessageContaining("socketTimeout");
    }
}
