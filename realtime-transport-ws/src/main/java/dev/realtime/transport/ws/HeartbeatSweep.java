package dev.realtime.transport.ws;

import dev.realtime.transport.common.internal.Heartbeat;
import dev.realtime.transport.common.internal.connection.ProtocolConnection;
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
    private final ScheduledFuture<?> task;

    HeartbeatSweep(Timers timers, Duration pingInterval, Collection<ProtocolConnection> connections) {
        Duration period = Heartbeat.sweepPeriod(pingInterval);
        task = timers.scheduleAtFixedRate(period, () -> {
            long now = System.nanoTime();
            for (ProtocolConnection connection : connections) {
                connection.heartbeatCheck(now);
            }
        });
    }

    @Override
    public void close() {
        Timers.cancel(task);
    }
}
