package dev.realtime.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Answers "is the database there?" without waiting: {@code /health} calls it on every request, and a probe
 * against a dead server can take the whole connection timeout. The answer is the outcome of the last probe;
 * a probe older than {@code maxAgeNanos} starts a new one on a daemon thread, at most one at a time.
 */
final class AvailabilityProbe implements AutoCloseable {
    private final DataSource dataSource;
    private final int validSeconds;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final ExecutorService prober = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "realtime-postgres-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean available = true; // the store was just opened against a reachable server
    private volatile long probedAt;

    AvailabilityProbe(DataSource dataSource, int validSeconds, long maxAgeNanos, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.validSeconds = validSeconds;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoTime = nanoTime;
        this.probedAt = nanoTime.getAsLong();
    }

    /** The last known answer; refreshes it in the background when it is old. Never blocks. */
    boolean isAvailable() {
        if (nanoTime.getAsLong() - probedAt > maxAgeNanos && probing.compareAndSet(false, true)) {
            try {
                prober.execute(this::probe);
            } catch (RejectedExecutionException closed) {
                probing.set(false);
                return false;
            }
        }
        return available;
    }

    private void probe() {
        try (Connection c = dataSource.getConnection()) {
            available = c.isValid(validSeconds);
        } catch (SQLException | RuntimeException e) {
            available = false;
        } finally {
            probedAt = nanoTime.getAsLong();
            probing.set(false);
        }
    }

    @Override
    public void close() {
        available = false;
        prober.shutdownNow();
    }
}
