package dev.realtime.transport.ws;

import java.time.Duration;

/**
 * Heartbeat state of one connection: a ping is due an interval after the connection opened or after the
 * last answer, and the connection is dead when an answer does not come within the timeout. The round
 * trip is the connection's latency.
 *
 * <p>This object only keeps time; the {@link HeartbeatSweep} asks every connection at once what is due,
 * so the pings of many connections leave together, in one hand-over to the writer, instead of one timer
 * task and one wake-up per connection.
 */
final class Heartbeat {
    /** What a connection must do now. */
    enum Due {
        NOTHING,
        PING,
        TIMED_OUT
    }

    private final long intervalNanos;
    private final long timeoutNanos;

    private long nextPingAt;
    private long pingSentAt;
    private boolean started;
    private boolean awaitingPong;
    private boolean stopped;

    Heartbeat(Duration interval, Duration timeout) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
    }

    /** Starts the clock: the first ping is due one interval after {@code nowNanos}. */
    synchronized void start(long nowNanos) {
        started = true;
        nextPingAt = nowNanos + intervalNanos;
    }

    /** What is due at {@code nowNanos}; a due ping counts as sent. */
    synchronized Due check(long nowNanos) {
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
    synchronized long pongReceived(long nowNanos) {
        if (stopped || !awaitingPong) {
            return -1;
        }
        awaitingPong = false;
        nextPingAt = nowNanos + intervalNanos;
        return (nowNanos - pingSentAt) / 1_000_000;
    }

    synchronized void stop() {
        stopped = true;
    }
}
