package dev.realtime.core;

import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real clock: wall time from the system, the JVM's monotonic {@link System#nanoTime()} as ticker, delayed tasks
 * on one daemon thread.
 */
public final class SystemClock implements Clock, AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    public SystemClock() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "realtime-timer");
            t.setDaemon(true);
            return t;
        });
        // Typing timers are cancelled and re-armed constantly; without this the queue keeps dead tasks.
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
