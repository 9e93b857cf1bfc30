package dev.realtime.core.spi;

import java.time.Duration;

/**
 * Runs delayed work, so expiry and retries can be tested by moving a manual clock instead of sleeping.
 *
 * <p>Guarantees: a task runs once, when {@code delay} has elapsed on the monotonic {@link Ticker} (a wall-clock
 * step does not move it), on a thread that is not a transport I/O thread, unless cancelled first. Tasks must be
 * short and must not block.
 */
@FunctionalInterface
public interface Scheduler {
    /** Runs {@code task} once after {@code delay} (a negative delay counts as zero). */
    Cancellable schedule(Duration delay, Runnable task);

    /** A handle to cancel a scheduled task; cancelling twice or after it ran is harmless. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
