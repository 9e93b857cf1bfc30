package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.memory.InMemoryRecoveryStore;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory default recovery store honours the contract and stays within its capacity. */
class InMemoryRecoveryStoreContractTest extends RecoveryStoreContract {
    @Override
    protected RecoveryStore createStore(Clock clock) {
        return new InMemoryRecoveryStore(clock);
    }

    @Test
    void keepsAtMostItsCapacityOfEachKindDroppingTheOldest() {
        InMemoryRecoveryStore small = new InMemoryRecoveryStore(clock, 2);
        for (int i = 1; i <= 3; i++) {
            small.park("p" + i, new ParkedSession("u" + i, Map.of(), clock.now()), Duration.ofMinutes(2));
            small.claim(new SentMessageKey("general", "u", "c" + i), Duration.ofMinutes(2));
        }

        assertThat(small.size()).isEqualTo(4);
        assertThat(small.take("p1")).isNull();
        assertThat(small.take("p3").userId()).isEqualTo("u3");
        assertThat(small.claim(new SentMessageKey("general", "u", "c1"), Duration.ofMinutes(2))).isNull();
    }
}
