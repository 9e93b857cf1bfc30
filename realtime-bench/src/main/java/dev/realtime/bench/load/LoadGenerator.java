package dev.realtime.bench.load;

import dev.realtime.bench.wire.WireProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: a few {@link IoLoop} threads (not one per connection), each owning a share
 * of the connections. Scenarios drive it from one control thread.
 */
public final class LoadGenerator implements AutoCloseable {
    /** Origin of send stamps; all stamps and receive times share this monotonic clock. */
    static final long EPOCH_NANOS = System.nanoTime();
    /** Attempts per client before it counts as failed. */
    public static final int MAX_ATTEMPTS = IoLoop.MAX_ATTEMPTS;

    /** Connection ramp-up counters, shared by the loops. */
    public static final class Progress {
        final AtomicInteger joined = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicInteger failureCount = new AtomicInteger();

        void noteFailure(String reason) {
            if (failureCount.incrementAndGet() <= 5) {
                failures.add(reason);
            }
        }

        /** Connections that completed room:join. */
        public int joined() {
            return joined.get();
        }

        /** Connections that failed before joining. */
        public int failed() {
            return failed.get();
        }

        /** Joined connections the server closed afterwards. */
        public int dropped() {
            return dropped.get();
        }

        /** Handshakes that failed and were tried again. */
        public int retried() {
            return retried.get();
        }

        /** The first few failure reasons. */
        public List<String> failureSamples() {
            return List.copyOf(failures);
        }
    }

    private final List<IoLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Progress progress = new Progress();

    /**
     * @param wire        protocol spoken by every connection
     * @param threads     selector threads
     * @param groups      number of latency groups
     * @param maxInFlight handshakes in progress per thread during ramp-up
     */
    public LoadGenerator(WireProtocol wire, int threads, int groups, int maxInFlight) {
        for (int i = 0; i < threads; i++) {
            IoLoop loop = new IoLoop(wire, groups, maxInFlight, progress);
            Thread t = new Thread(loop, "bench-io-" + i);
            t.setDaemon(true);
            loops.add(loop);
            this.threads.add(t);
            t.start();
        }
    }

    /** Ramp-up counters. */
    public Progress progress() {
        return progress;
    }

    /** Current time on the stamp clock. */
    public static long now() {
        return System.nanoTime();
    }

    /**
     * Opens {@code specs} (spread round-robin over the threads) and waits until each has joined
     * or failed, or {@code timeout} passed.
     *
     * @return true when every connection joined
     */
    public boolean connect(List<ConnectionSpec> specs, Duration timeout) throws InterruptedException {
        int target = progress.joined() + progress.failed() + specs.size();
        List<List<ConnectionSpec>> shares = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < specs.size(); i++) {
            shares.get(i % loops.size()).add(specs.get(i));
        }
        for (int i = 0; i < loops.size(); i++) {
            List<ConnectionSpec> share = shares.get(i);
            IoLoop loop = loops.get(i);
            loop.call(() -> {
                loop.enqueue(share);
                return null;
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress.joined() + progress.failed() < target && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling the ramp-up counters from the control thread
        }
        return progress.failed() == 0 && progress.joined() + progress.failed() >= target;
    }

    /**
     * Starts {@code publishers} open-loop publishers on joined connections of {@code group},
     * together offering {@code totalRate} messages per second from {@code startNanos} until
     * {@code endNanos}, evenly staggered.
     *
     * @return publishers actually started
     */
    public int publish(int publishers, int group, double totalRate, long startNanos, long endNanos,
                       int contentBytes) {
        double ratePer = totalRate / publishers;
        double stagger = 1e9 / totalRate;
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            List<Long> starts = new ArrayList<>();
            for (int k = i; k < publishers; k += loops.size()) {
                starts.add(startNanos + (long) (k * stagger));
            }
            IoLoop loop = loops.get(i);
            started.add(loop.call(() -> loop.startPublishers(starts, group, ratePer, endNanos, contentBytes)));
        }
        return started.stream().mapToInt(CompletableFuture::join).sum();
    }

    /** Starts a measurement step at {@code startNanos}; earlier stats are discarded. */
    public void beginStep(long startNanos) {
        loops.stream().map(l -> l.call(() -> l.beginStep(startNanos))).toList().forEach(CompletableFuture::join);
    }

    /** Takes (and resets) the stats recorded since the last call. */
    public StepStats takeStats(int groups) {
        StepStats merged = new StepStats(groups);
        loops.stream().map(l -> l.call(l::takeStats)).toList().forEach(f -> merged.add(f.join()));
        return merged;
    }

    /** Deliveries received in the current step so far. */
    public long received() {
        return loops.stream().map(l -> l.call(l::received)).toList().stream()
                .mapToLong(CompletableFuture::join).sum();
    }

    /** Messages published in the current step so far. */
    public long sent() {
        return loops.stream().map(l -> l.call(l::sent)).toList().stream()
                .mapToLong(CompletableFuture::join).sum();
    }

    /** Waits until every publisher finished its schedule, or {@code timeout}. */
    public void awaitPublishersDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && loops.stream().map(l -> l.call(l::publishing)).toList().stream().anyMatch(CompletableFuture::join)) {
            Thread.sleep(10); // polling the loops from the control thread
        }
    }

    /**
     * Waits until {@code expected} deliveries arrived in the current step, or {@code timeout}.
     *
     * @return deliveries received
     */
    public long awaitDeliveries(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long got = received();
        while (got < expected && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling counters from the control thread
            got = received();
        }
        return got;
    }

    /** Closes every connection. */
    public int closeAll() {
        return loops.stream().map(l -> l.call(l::closeAll)).toList().stream()
                .mapToInt(CompletableFuture::join).sum();
    }

    @Override
    public void close() {
        for (IoLoop loop : loops) {
            loop.stop();
        }
        try {
            for (Thread t : threads) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
