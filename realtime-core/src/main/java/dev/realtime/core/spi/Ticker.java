package dev.realtime.core.spi;

/**
 * A monotonic source of nanoseconds for measuring durations: timeouts, rate limits, liveness. Unlike the wall
 * clock it never steps back or jumps when the system time is corrected, so elapsed times stay true.
 *
 * <p>Guarantees: successive readings never decrease; only differences between readings mean anything (the
 * origin is arbitrary, as with {@link System#nanoTime()}).
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds since an arbitrary, fixed origin. */
    long nanos();

    /** Milliseconds since the same origin; for coarse durations. */
    default long elapsedMillis() {
        return nanos() / 1_000_000;
    }

    /** The JVM's monotonic ticker ({@link System#nanoTime()}). */
    static Ticker system() {
        return System::nanoTime;
    }
}
