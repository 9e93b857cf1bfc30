package dev.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void dueTimesFollowTheRateNotTheSendTimes() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000 * MS, 100, 2_000 * MS);

        assertThat(s.isDue(999 * MS)).isFalse();
        assertThat(s.advance()).isEqualTo(1_000 * MS);
        assertThat(s.nextDue()).isEqualTo(1_010 * MS);
    }

    @Test
    void aStallLeavesEveryMissedSendDueWithItsOriginalTime() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 1_000, 1_000 * MS);

        long now = 5 * MS; // the sender was stalled for 5 ms
        long[] dues = new long[10];
        int n = 0;
        while (s.isDue(now)) {
            dues[n++] = s.advance();
        }

        assertThat(n).isEqualTo(6);
        assertThat(dues).startsWith(0, MS, 2 * MS, 3 * MS, 4 * MS, 5 * MS);
    }

    @Test
    void stopsBeforeTheEnd() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 10, 1_000 * MS);

        while (s.isDue(Long.MAX_VALUE)) {
            s.advance();
        }

        assertThat(s.issued()).isEqualTo(10);
        assertThat(s.hasNext()).isFalse();
    }

    @Test
    void fractionalRatesDoNotDrift() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 3, 10_000 * MS);

        for (int i = 0; i < 30; i++) {
            s.advance();
        }

        assertThat(s.nextDue()).isEqualTo(10_000 * MS);
        assertThat(s.hasNext()).isFalse();
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hs256TokenMatchesTheWellKnownExample() {
        String token = new Hs256Tokens("your-256-bit-secret")
                .sign("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}");

        assertThat(token).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
    }
}
