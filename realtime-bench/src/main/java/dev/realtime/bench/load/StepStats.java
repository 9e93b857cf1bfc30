package dev.realtime.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Counters and latency histograms of one measurement step, per delivery group. Owned by one I/O
 * thread while recording; merged across threads by {@link LoadGenerator}.
 */
public final class StepStats {
    /** Latencies are recorded in microseconds up to one minute. */
    static final long MAX_MICROS = 60_000_000L;

    final Histogram[] latency;
    /** How late sends left the generator after their due time; large values mean the generator lagged. */
    final Histogram sendLag = new Histogram(MAX_MICROS, 3);
    final long[] received;
    long sent;
    long acksOk;
    long acksFailed;
    long errorEvents;
    long stale;

    StepStats(int groups) {
        latency = new Histogram[groups];
        received = new long[groups];
        for (int g = 0; g < groups; g++) {
            latency[g] = new Histogram(MAX_MICROS, 3);
        }
    }

    void record(int group, long micros) {
        latency[group].recordValue(Math.min(Math.max(micros, 0), MAX_MICROS));
        received[group]++;
    }

    /** Adds {@code other} into this. */
    void add(StepStats other) {
        for (int g = 0; g < latency.length; g++) {
            latency[g].add(other.latency[g]);
            received[g] += other.received[g];
        }
        sendLag.add(other.sendLag);
        sent += other.sent;
        acksOk += other.acksOk;
        acksFailed += other.acksFailed;
        errorEvents += other.errorEvents;
        stale += other.stale;
    }

    /** Latency of one group. */
    public Histogram latency(int group) {
        return latency[group];
    }

    /** Latency of all groups together. */
    public Histogram latencyAll() {
        Histogram all = new Histogram(MAX_MICROS, 3);
        for (Histogram h : latency) {
            all.add(h);
        }
        return all;
    }

    /** Send lag (microseconds between a send's due time and its write). */
    public Histogram sendLag() {
        return sendLag;
    }

    /** Deliveries recorded in one group. */
    public long received(int group) {
        return received[group];
    }

    /** Deliveries recorded in all groups. */
    public long receivedAll() {
        long n = 0;
        for (long r : received) {
            n += r;
        }
        return n;
    }

    /** Messages published. */
    public long sent() {
        return sent;
    }

    /** Successful message:send acks. */
    public long acksOk() {
        return acksOk;
    }

    /** Failed message:send acks. */
    public long acksFailed() {
        return acksFailed;
    }

    /** Server error events received. */
    public long errorEvents() {
        return errorEvents;
    }

    /** Deliveries of messages sent before this step began (not counted as received). */
    public long stale() {
        return stale;
    }
}
