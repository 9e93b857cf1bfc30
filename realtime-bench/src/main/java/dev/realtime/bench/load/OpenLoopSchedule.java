package dev.realtime.bench.load;

/**
 * When each send of an open-loop publisher is due: the i-th send is due at
 * {@code start + i / rate}, whatever happened to the previous ones.
 *
 * <p>A send that goes out late is still stamped with its due time, so a stall of the server (or of
 * the generator) shows up as latency instead of silently lowering the offered rate
 * (coordinated omission).
 */
public final class OpenLoopSchedule {
    private final long startNanos;
    private final double intervalNanos;
    private final long endNanos;
    private long index;

    /**
     * @param startNanos    due time of the first send
     * @param ratePerSecond sends per second, &gt; 0
     * @param endNanos      no send is due at or after this time
     */
    public OpenLoopSchedule(long startNanos, double ratePerSecond, long endNanos) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.intervalNanos = 1e9 / ratePerSecond;
        this.endNanos = endNanos;
    }

    /** Due time of the next send. */
    public long nextDue() {
        return startNanos + (long) (index * intervalNanos);
    }

    /** Whether any send is left before the end. */
    public boolean hasNext() {
        return nextDue() < endNanos;
    }

    /** Whether the next send is due at {@code nowNanos}. */
    public boolean isDue(long nowNanos) {
        long due = nextDue();
        return due < endNanos && due <= nowNanos;
    }

    /** Consumes the next send and returns its due time. */
    public long advance() {
        long due = nextDue();
        index++;
        return due;
    }

    /** Sends consumed so far. */
    public long issued() {
        return index;
    }
}
