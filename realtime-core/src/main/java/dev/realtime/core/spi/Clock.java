package dev.realtime.core.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's only source of time and of delayed work, so that presence and typing expiry can be
 * tested by moving a manual clock instead of sleeping.
 *
 * <p>Guarantees: {@link #now()} never goes backwards; a task given to {@link #schedule} runs once, at or
 * after its due time, on a thread that is not a transport I/O thread, unless cancelled first. Tasks must
 * be short and must not block.
 */
public interface Clock {
    /** The current wall-clock time. */
    Instant now();

    /** Milliseconds since the epoch of {@link #now()}; cheaper on hot paths. */
    default long millis() {
        return now().toEpochMilli();
    }

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A handle to cancel a scheduled task; cancelling twice or after it ran is harmless. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
