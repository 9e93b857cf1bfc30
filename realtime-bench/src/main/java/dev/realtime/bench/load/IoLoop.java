package dev.realtime.bench.load;

import dev.realtime.bench.wire.Inbound;
import dev.realtime.bench.wire.WireProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One selector thread owning many connections: reads, writes, connection ramp-up and open-loop
 * publishing all happen here, so connection state needs no locks. Other threads talk to it only
 * through {@link #call}.
 */
final class IoLoop implements Runnable {
    private final Selector selector;
    private final WireProtocol wire;
    private final int groups;
    private final int maxInFlight;
    private final LoadGenerator.Progress progress;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Attempts per connection: a client whose handshake the server refused or dropped reconnects. */
    static final int MAX_ATTEMPTS = 3;

    private record Pending(ConnectionSpec spec, int attempt) {
    }

    private final ArrayDeque<Pending> toOpen = new ArrayDeque<>();
    private final List<Connection> joined = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final Inbound inbound = new Inbound();
    private byte[] readBuffer = new byte[256 * 1024];
    private StepStats stats;
    private long stepStartNanos = Long.MIN_VALUE;
    private int inFlight;
    private volatile boolean running = true;

    IoLoop(WireProtocol wire, int groups, int maxInFlight, LoadGenerator.Progress progress) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.wire = wire;
        this.groups = groups;
        this.maxInFlight = maxInFlight;
        this.progress = progress;
        this.stats = new StepStats(groups);
    }

    Selector selector() {
        return selector;
    }

    Inbound inbound() {
        return inbound;
    }

    /** Runs {@code work} on this loop's thread and completes with its result. */
    <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return result;
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                long wait = millisToNextSend(System.nanoTime());
                if (wait <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                processKeys();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                publish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeAll();
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    private long millisToNextSend(long now) {
        if (publishers.isEmpty()) {
            return 100;
        }
        long next = Long.MAX_VALUE;
        for (Publisher p : publishers) {
            next = Math.min(next, p.nextDue());
        }
        return (next - now) / 1_000_000;
    }

    private void processKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Connection c = (Connection) key.attachment();
            try {
                if (key.isValid() && key.isConnectable()) {
                    c.onConnectable();
                }
                if (key.isValid() && key.isReadable()) {
                    onReadable(c);
                }
                if (key.isValid() && key.isWritable()) {
                    c.onWritable();
                }
            } catch (IOException | RuntimeException e) {
                c.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private void onReadable(Connection c) throws IOException {
        int filled = c.restorePending(readBuffer);
        while (true) {
            ByteBuffer target = ByteBuffer.wrap(readBuffer, filled, readBuffer.length - filled);
            int n = c.channel().read(target);
            if (n < 0) {
                c.fail(c.state() == Connection.State.JOINED ? null : "connection closed by server");
                return;
            }
            filled += n;
            int consumed = c.consume(readBuffer, filled);
            int rest = filled - consumed;
            if (consumed > 0 && rest > 0) {
                System.arraycopy(readBuffer, consumed, readBuffer, 0, rest);
            }
            filled = rest;
            if (c.state() == Connection.State.FAILED || c.state() == Connection.State.CLOSED) {
                return;
            }
            if (target.hasRemaining()) {
                break;
            }
            if (filled == readBuffer.length) {
                readBuffer = java.util.Arrays.copyOf(readBuffer, readBuffer.length * 2);
            }
        }
        c.keepPending(readBuffer, filled);
    }

    private void publish() {
        if (publishers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Iterator<Publisher> it = publishers.iterator();
        while (it.hasNext()) {
            Publisher p = it.next();
            stats.sent += p.sendDue(now, LoadGenerator.EPOCH_NANOS, stats);
            if (p.finished()) {
                it.remove();
            }
        }
    }

    // ---- called on this thread by connections ----

    void recordDelivery(int group, long stamp) {
        long due = LoadGenerator.EPOCH_NANOS + (stamp - WireProtocol.STAMP_BASE);
        if (due < stepStartNanos) {
            stats.stale++;
            return;
        }
        stats.record(group, (System.nanoTime() - due) / 1_000);
    }

    void recordAck(boolean success) {
        if (success) {
            stats.acksOk++;
        } else {
            stats.acksFailed++;
        }
    }

    void recordErrorEvent() {
        stats.errorEvents++;
    }

    void onJoined(Connection c) {
        joined.add(c);
        inFlight--;
        progress.joined.incrementAndGet();
        openMore();
    }

    void onEnded(Connection c, Connection.State before) {
        if (before == Connection.State.JOINED) {
            joined.remove(c);
            progress.dropped.incrementAndGet();
            if (c.failure() != null) {
                progress.noteFailure(c.failure());
            }
            return;
        }
        inFlight--;
        if (c.attempt() < MAX_ATTEMPTS) {
            progress.retried.incrementAndGet();
            toOpen.add(new Pending(c.spec(), c.attempt() + 1));
        } else {
            progress.failed.incrementAndGet();
            progress.noteFailure(c.failure());
        }
        openMore();
    }

    // ---- tasks (run via call) ----

    /** Queues connections to open, at most {@code maxInFlight} handshakes at a time. */
    void enqueue(List<ConnectionSpec> specs) {
        for (ConnectionSpec spec : specs) {
            toOpen.add(new Pending(spec, 1));
        }
        openMore();
    }

    private void openMore() {
        while (inFlight < maxInFlight && !toOpen.isEmpty()) {
            Pending next = toOpen.poll();
            Connection c = new Connection(this, next.spec(), wire, next.attempt());
            inFlight++;
            try {
                c.open();
            } catch (IOException e) {
                c.fail("connect: " + e.getMessage());
            }
        }
    }

    /** Starts open-loop publishers on joined connections of {@code group}. */
    int startPublishers(List<Long> startNanos, int group, double ratePerPublisher, long endNanos, int contentBytes) {
        int started = 0;
        for (Connection c : joined) {
            if (started == startNanos.size()) {
                break;
            }
            if (c.spec().group() != group) {
                continue;
            }
            OpenLoopSchedule schedule = new OpenLoopSchedule(startNanos.get(started), ratePerPublisher, endNanos);
            publishers.add(new Publisher(c, wire, contentBytes, schedule));
            started++;
        }
        return started;
    }

    /** Starts a new step: deliveries of messages due before {@code startNanos} count as stale. */
    StepStats beginStep(long startNanos) {
        stepStartNanos = startNanos;
        return takeStats();
    }

    StepStats takeStats() {
        StepStats taken = stats;
        stats = new StepStats(groups);
        return taken;
    }

    long received() {
        return stats.receivedAll();
    }

    long sent() {
        return stats.sent;
    }

    boolean publishing() {
        return !publishers.isEmpty();
    }

    int closeAll() {
        int n = joined.size();
        for (Connection c : joined) {
            c.close();
        }
        joined.clear();
        publishers.clear();
        toOpen.clear();
        inFlight = 0;
        return n;
    }
}
