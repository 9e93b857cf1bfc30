package dev.realtime.transport.common.internal;

import java.time.Duration;

/**
 * Heartbeat state of one connection: a ping is due an interval after the connection opened or after the
 * last answer, and the connection is dead when an answer does not come within the timeout. The round
 * trip is the connection's latency.
 *
 * <p>This object only keeps time; the transport's heartbeat sweep asks every connection at once what is due,
 * so the pings of many connections leave together, in one hand-over to the writer, instead of one timer
 * task and one wake-up per connection.
 */
public final class Heartbeat {
    /** What a connection must do now. */
    public enum Due {
        NOTHING,
        PING,
        TIMED_OUT
    }

    /** Sweeps per ping interval: a ping leaves at most a tenth of the interval late. */
    private static final int PASSES_PER_INTERVAL = 10;
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(5);
    private static final Duration LONGEST_PERIOD = Duration.ofSeconds(5);

    private final long intervalNanos;
    private final long timeoutNanos;

    private long nextPingAt;
    private long pingSentAt;
    private boolean started;
    private boolean awaitingPong;
    private boolean stopped;

    public Heartbeat(Duration interval, Duration timeout) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
    }

    /** Starts the clock: the first ping is due one interval after {@code nowNanos}. */
    public synchronized void start(long nowNanos) {
        started = true;
        nextPingAt = nowNanos + intervalNanos;
    }

    /** What is due at {@code nowNanos}; a due ping counts as sent. */
    public synchronized Due check(long nowNanos) {
        if (!started || stopped) {
            return Due.NOTHING;
        }
        if (awaitingPong) {
            if (nowNanos - pingSentAt < timeoutNanos) {
                return Due.NOTHING;
            }
            stopped = true;
            return Due.TIMED_OUT;
        }
        if (nowNanos - nextPingAt < 0) {
            return Due.NOTHING;
        }
        awaitingPong = true;
        pingSentAt = nowNanos;
        return Due.PING;
    }

    /**
     * Records the answer to the last ping.
     *
     * @return the round trip in milliseconds, or -1 for an unsolicited pong (ignored)
     */
    public synchronized long pongReceived(long nowNanos) {
        if (stopped || !awaitingPong) {
            return -1;
        }
        awaitingPong = false;
        nextPingAt = nowNanos + intervalNanos;
        return (nowNanos - pingSentAt) / 1_000_000;
    }

    /**
     * How often a transport's sweep should visit its connections: ten times per ping interval, between 5 ms and
     * 5 s (a quarter of the checks with the default 25 s interval, and a ping at most 2.5 s late).
     */
    public static Duration sweepPeriod(Duration pingInterval) {
        Duration period = pingInterval.dividedBy(PASSES_PER_INTERVAL);
        if (period.compareTo(SHORTEST_PERIOD) < 0) {
            return SHORTEST_PERIOD;
        }
        return period.compareTo(LONGEST_PERIOD) > 0 ? LONGEST_PERIOD : period;
    }

    /** Ends the heartbeat: nothing is due any more. */
    public synchronized void stop() {
        stopped = true;
    }
}
