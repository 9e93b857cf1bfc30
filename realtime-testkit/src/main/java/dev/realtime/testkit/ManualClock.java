package dev.realtime.testkit;

import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told to, for testing expiry without sleeping: the one fake for the wall clock,
 * the monotonic ticker and the scheduler, driven together. {@link #advance} moves the ticker and the wall clock
 * forward alike and runs every task that falls due, in due order, on the calling thread, at the moment it is due
 * (tasks scheduled by tasks run too when they fall inside the advanced span). {@link #stepWallClock} moves only
 * the wall clock, in either direction, as a system time correction does: the ticker and scheduled tasks ignore it.
 */
public final class ManualClock implements Clock {
    private record Task(long dueNanos, long seq, Runnable action, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.dueNanos, b.dueNanos);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final Instant origin;
    private long nanos;
    private Duration wallStep = Duration.ZERO;
    private long seq;

    /** Starts at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualClock(Instant start) {
        this.origin = start;
    }

    @Override
    public synchronized Instant now() {
        return origin.plus(wallStep).plusNanos(nanos);
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        long delayNanos = delay.isNegative() ? 0 : delay.toNanos();
        tasks.add(new Task(nanos + delayNanos, seq++, task, cancelled));
        return () -> {
            synchronized (ManualClock.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time forward by {@code delta}, running what falls due on the way. */
    public void advance(Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("the ticker never goes back; use stepWallClock to move the wall clock");
        }
        long target;
        synchronized (this) {
            target = nanos + delta.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.dueNanos > target) {
                    nanos = target;
                    return;
                }
                tasks.poll();
                if (next.dueNanos > nanos) {
                    nanos = next.dueNanos;
                }
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.action.run();
        }
    }

    /**
     * Steps the wall clock by {@code delta} (negative: back) without moving the ticker or running tasks, like an
     * NTP correction of the system time.
     */
    public synchronized void stepWallClock(Duration delta) {
        wallStep = wallStep.plus(delta);
    }

    /** Runs the tasks due now without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Tasks waiting (cancelled ones included until their time passes). */
    public synchronized int pendingTasks() {
        int live = 0;
        for (Task t : tasks) {
            if (!t.cancelled[0]) {
                live++;
            }
        }
        return live;
    }
}
