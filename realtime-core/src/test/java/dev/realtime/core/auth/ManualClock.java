package dev.realtime.core.auth;

import dev.realtime.core.spi.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that only moves when told to; scheduled tasks run on the caller of {@link #advance}. */
final class ManualClock implements Clock {
    private Instant now;
    private final List<Task> tasks = new ArrayList<>();

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(now.plus(delay), task);
        tasks.add(scheduled);
        return () -> {
            synchronized (ManualClock.this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves time forward, running every task that falls due on the way, in due order. */
    void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Task due;
            synchronized (this) {
                due = tasks.stream()
                        .filter(task -> !task.due().isAfter(target))
                        .min(Comparator.comparing(Task::due))
                        .orElse(null);
                if (due == null) {
                    now = target;
                    return;
                }
                tasks.remove(due);
                now = due.due();
            }
            due.action().run();
        }
    }

    synchronized int pendingTasks() {
        return tasks.size();
    }

    private record Task(Instant due, Runnable action) {
    }
}
