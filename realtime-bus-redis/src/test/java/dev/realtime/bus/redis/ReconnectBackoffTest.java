package dev.realtime.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1_000);

    @Test
    void withoutJitterDelaysDoubleUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, () -> 0.0);

        assertThat(delays(backoff, 6)).containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L);
    }

    @Test
    void jitterShortensADelayByAtMostHalfButNeverBelowTheMinimum() {
        ReconnectBackoff halfJitter = new ReconnectBackoff(MIN, MAX, () -> 0.5);
        ReconnectBackoff fullJitter = new ReconnectBackoff(MIN, MAX, () -> 0.999_999);

        assertThat(delays(halfJitter, 5)).containsExactly(100L, 150L, 300L, 600L, 750L);
        assertThat(delays(fullJitter, 5)).allSatisfy(delay -> assertThat(delay).isBetween(100L, 501L));
    }

    @Test
    void resetStartsOverAtTheMinimum() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, () -> 0.0);
        delays(backoff, 4);

        backoff.reset();

        assertThat(backoff.nextDelay()).isEqualTo(MIN);
    }

    private static Long[] delays(ReconnectBackoff backoff, int count) {
        Long[] delays = new Long[count];
        for (int i = 0; i < count; i++) {
            delays[i] = backoff.nextDelay().toMillis();
        }
        return delays;
    }
}
