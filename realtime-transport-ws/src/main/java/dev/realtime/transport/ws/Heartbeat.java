package dev.realtime.transport.ws;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongConsumer;

/**
 * Server-initiated heartbeat of one connection: a ping every interval, and the connection is declared
 * dead when the answer does not come within the timeout. The round trip is the connection's latency.
 */
final class Heartbeat {
    private final Timers timers;
    private final Duration interval;
    private final Duration timeout;
    private final Runnable sendPing;
    private final Runnable timedOut;
    private final LongConsumer roundTripMillis;

    private ScheduledFuture<?> next;
    private long pingSentNanos;
    private boolean awaitingPong;
    private boolean stopped;

    Heartbeat(Timers timers, Duration interval, Duration timeout, Runnable sendPing, Runnable timedOut,
              LongConsumer roundTripMillis) {
        this.timers = timers;
        this.interval = interval;
        this.timeout = timeout;
        this.sendPing = sendPing;
        this.timedOut = timedOut;
        this.roundTripMillis = roundTripMillis;
    }

    synchronized void start() {
        next = timers.schedule(interval, this::ping);
    }

    private void ping() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            pingSentNanos = System.nanoTime();
            awaitingPong = true;
            next = timers.schedule(timeout, this::checkAnswered);
        }
        sendPing.run();
    }

    private void checkAnswered() {
        synchronized (this) {
            if (stopped || !awaitingPong) {
                return;
            }
            stopped = true;
        }
        timedOut.run();
    }

    /** Records the answer to the last ping; an unsolicited pong is ignored. */
    void pongReceived() {
        long rtt;
        synchronized (this) {
            if (stopped || !awaitingPong) {
                return;
            }
            awaitingPong = false;
            Timers.cancel(next);
            rtt = (System.nanoTime() - pingSentNanos) / 1_000_000;
            next = timers.schedule(interval, this::ping);
        }
        roundTripMillis.accept(rtt);
    }

    synchronized void stop() {
        stopped = true;
        Timers.cancel(next);
    }
}
