package dev.realtime.core.spi;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The engine's sources of time, split by purpose, in one object so that one fake drives them together:
 * <ul>
 *   <li>the wall clock ({@link InstantSource}: {@link #now()}, {@link #millis()}) for timestamps that leave the
 *       node or are compared with other nodes' and tokens' times (message times, {@code exp}/{@code nbf});</li>
 *   <li>the monotonic {@link Ticker} ({@link #nanos()}) for durations: rate limits, timeouts, liveness;</li>
 *   <li>the {@link Scheduler} for delayed work.</li>
 * </ul>
 *
 * <p>Guarantees: {@link #nanos()} never goes backwards; {@link #now()} follows the system time and may step
 * back or forward when it is corrected, so nothing that measures a duration reads it. Scheduled delays are
 * measured on the ticker.
 */
public interface Clock extends InstantSource, Ticker, Scheduler {
    /** The current wall-clock time. */
    Instant now();

    @Override
    default Instant instant() {
        return now();
    }

    /** Milliseconds since the epoch of {@link #now()}; cheaper on hot paths. */
    @Override
    default long millis() {
        return now().toEpochMilli();
    }
}
