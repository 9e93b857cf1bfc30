package dev.realtime.testkit;

import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told to, for testing expiry without sleeping. {@link #advance} runs every task
 * that falls due, in due order, on the calling thread, at the moment it is due (tasks scheduled by tasks run too
 * when they fall inside the advanced span).
 */
public final class ManualClock implements Clock {
    private record Task(Instant due, long seq, Runnable action, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> {
        int c = a.due.compareTo(b.due);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private Instant now;
    private long seq;

    /** Starts at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, cancelled));
        return () -> {
            synchronized (ManualClock.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time forward by {@code delta}, running what falls due on the way. */
    public void advance(Duration delta) {
        Instant target;
        synchronized (this) {
            target = now.plus(delta);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.action.run();
        }
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
