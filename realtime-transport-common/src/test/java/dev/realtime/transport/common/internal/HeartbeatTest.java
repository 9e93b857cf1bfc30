package dev.realtime.transport.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final long MS = 1_000_000;
    private final Heartbeat heartbeat = new Heartbeat(Duration.ofMillis(100), Duration.ofMillis(50));

    @Test
    void nothingIsDueBeforeStart() {
        assertThat(heartbeat.check(10_000 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
    }

    @Test
    void aPingIsDueOneIntervalAfterStartAndOnlyOnce() {
        heartbeat.start(0);
        assertThat(heartbeat.check(99 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.check(100 * MS)).isEqualTo(Heartbeat.Due.PING);
        assertThat(heartbeat.check(120 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
    }

    @Test
    void theAnswerGivesTheRoundTripAndSchedulesTheNextPingFromIt() {
        heartbeat.start(0);
        heartbeat.check(100 * MS);
        assertThat(heartbeat.pongReceived(130 * MS)).isEqualTo(30);
        assertThat(heartbeat.check(229 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.check(230 * MS)).isEqualTo(Heartbeat.Due.PING);
    }

    @Test
    void anUnsolicitedPongIsIgnored() {
        heartbeat.start(0);
        assertThat(heartbeat.pongReceived(10 * MS)).isEqualTo(-1);
        assertThat(heartbeat.check(100 * MS)).isEqualTo(Heartbeat.Due.PING);
    }

    @Test
    void aMissingAnswerTimesOutOnceAndThenNothingIsDue() {
        heartbeat.start(0);
        heartbeat.check(100 * MS);
        assertThat(heartbeat.check(149 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.check(150 * MS)).isEqualTo(Heartbeat.Due.TIMED_OUT);
        assertThat(heartbeat.check(500 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
        assertThat(heartbeat.pongReceived(501 * MS)).isEqualTo(-1);
    }

    @Test
    void aStoppedHeartbeatHasNothingDue() {
        heartbeat.start(0);
        heartbeat.stop();
        assertThat(heartbeat.check(1_000 * MS)).isEqualTo(Heartbeat.Due.NOTHING);
    }

    @Test
    void theSweepPeriodIsATenthOfTheIntervalWithinBounds() {
        assertThat(Heartbeat.sweepPeriod(Duration.ofSeconds(25))).isEqualTo(Duration.ofMillis(2_500));
        assertThat(Heartbeat.sweepPeriod(Duration.ofSeconds(600))).isEqualTo(Duration.ofSeconds(5));
        assertThat(Heartbeat.sweepPeriod(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(20));
        assertThat(Heartbeat.sweepPeriod(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(5));
    }
}
