package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.Principal;
import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    private final MovableClock clock = new MovableClock();
    private final Revocations revocations = new Revocations(clock, Duration.ofMinutes(10), 3);

    @Test
    void refusesTokensIssuedUpToTheRevocationsSecondAndTokensWithoutIssueTime() {
        revocations.revoke("alice", 1_000_500);

        assertThat(revocations.refuses(issuedAt("alice", 999))).isTrue();
        assertThat(revocations.refuses(issuedAt("alice", 1_000))).as("same second as the revocation").isTrue();
        assertThat(revocations.refuses(issuedAt("alice", 1_001))).isFalse();
        assertThat(revocations.refuses(new Principal("alice", "s", false, Map.of()))).as("no iat").isTrue();
        assertThat(revocations.refuses(issuedAt("bob", 1))).isFalse();
        assertThat(revocations.refuses(new Principal("alice", "s", true, Map.of()))).as("anonymous").isFalse();
    }

    @Test
    void aRevocationLapsesAfterItsRetentionAndTheLaterOfTwoWins() {
        clock.millis = 1_000_000;
        revocations.revoke("alice", 1_000_000);
        revocations.revoke("alice", 900_000);
        assertThat(revocations.refuses(issuedAt("alice", 999))).isTrue();

        clock.millis += Duration.ofMinutes(10).toMillis();
        assertThat(revocations.refuses(issuedAt("alice", 999))).isFalse();
        assertThat(revocations.active()).isEmpty();
    }

    @Test
    void theTableIsBoundedDroppingLapsedEntriesFirstThenTheOldest() {
        revocations.revoke("a", 0);
        clock.millis = Duration.ofMinutes(10).toMillis();
        revocations.revoke("b", clock.millis);
        revocations.revoke("c", clock.millis + 1);
        revocations.revoke("d", clock.millis + 2);
        assertThat(revocations.size()).isEqualTo(3);
        assertThat(revocations.active()).containsOnlyKeys("b", "c", "d");

        revocations.revoke("e", clock.millis + 3);
        assertThat(revocations.active()).containsOnlyKeys("c", "d", "e");
    }

    private static Principal issuedAt(String user, long iatSeconds) {
        return new Principal(user, "s", false, Map.of("iat", iatSeconds, "exp", iatSeconds + 3600));
    }

    private static final class MovableClock implements Clock {
        long millis;

        @Override
        public Instant now() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long nanos() {
            return millis * 1_000_000;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            throw new UnsupportedOperationException("not used");
        }
    }
}
