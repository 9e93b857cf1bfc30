package dev.realtime.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times the consecutive phases of one operation (a node's stop, say) and renders them as one log line, so that
 * an operator sees which phase a slow stop spent its time in: {@code transports 12 ms, cluster 3 ms, total 15 ms}.
 * Not thread-safe: one thread runs the phases.
 */
public final class PhaseTimer {
    private final List<String> phases = new ArrayList<>();
    private final long startedAt = System.nanoTime();
    private long phaseStartedAt = startedAt;

    /** Ends the phase that ran since the previous call (or since creation) under {@code name}. */
    public void lap(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + millis(now - phaseStartedAt) + " ms");
        phaseStartedAt = now;
    }

    /** Milliseconds since creation. */
    public long totalMillis() {
        return (System.nanoTime() - startedAt) / 1_000_000;
    }

    /** The phases so far and the total, for example {@code a 1 ms, b 20 ms, total 21 ms}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(phases);
        parts.add("total " + totalMillis() + " ms");
        return String.join(", ", parts);
    }

    private static String millis(long nanos) {
        return nanos < 10_000_000 ? String.format(Locale.ROOT, "%.1f", nanos / 1e6) : String.valueOf(nanos / 1_000_000);
    }
}
