package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.Scheduler;
import dev.realtime.core.spi.store.RoomStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only path from the engine to the store: a bounded queue drained by one background thread in batches.
 * Nothing on the delivery path waits for the database. Event-log rows, which come in bulk, are handed over in
 * larger batches than the other writes. When the store fails, the batch in hand is retried with backoff (waited
 * out on the node's {@link Scheduler}, so a manual clock drives it in tests) while new writes queue up to the
 * bound; beyond it writes are dropped, counted and logged. Ops are applied in submission order, so a membership
 * never lands before its room. Internal.
 *
 * <p>Heartbeat refreshes of connection rows ({@link #submitRelaxed}) do not wake the writer: with thousands of
 * idle connections they would wake it hundreds of times a second, each time for one row. They wait in a queue
 * of their own and go with the next batch, a flush interval later at the latest, ahead of the ops drained with
 * them (a connection's refresh is always submitted before its closing row, so it never overwrites it).
 */
final class WriteBehind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** Bound of the relaxed queue: refreshes beyond it are dropped (the row is refreshed again later). */
    private static final int MAX_RELAXED = 10_000;

    /** One write; consecutive ops of the same kind are batched into one store call. */
    sealed interface Op {
    }

    /**
     * An event-log row. When {@code deferredPayload} is set, the entry was built without its JSON payload and the
     * payload object is turned into JSON here, on the writer thread, not on the thread where the event happened.
     */
    record AppendEvent(EventLogEntry entry, Object deferredPayload) implements Op {
        AppendEvent(EventLogEntry entry) {
            this(entry, null);
        }

        EventLogEntry resolved() {
            if (deferredPayload == null) {
                return entry;
            }
            JsonNode json = deferredPayload instanceof JsonNode node ? node : Json.tree(deferredPayload);
            return new EventLogEntry(entry.id(), entry.type(), entry.socketId(), entry.userId(), entry.roomName(), json,
                    entry.ip(), entry.createdAt());
        }
    }

    record SaveConnection(ConnectionInfo connection) implements Op {
    }

    record SavePresence(Presence presence) implements Op {
    }

    /** Wakes a worker waiting for work so that it sees the close at once rather than after a flush interval. */
    record Wake() implements Op {
    }

    /** A single write whose caller may wait for it ({@code done} completes after the store call). */
    record Single(Runnable write, CompletableFuture<Void> done) implements Op {
    }

    private final StoreParts store;
    private final Scheduler scheduler;
    private final RealtimeMetrics metrics;
    private final int batchSize;
    private final int eventBatchSize;
    private final long flushMillis;
    private final BlockingQueue<Op> queue;
    private final BlockingQueue<Op> relaxed;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private volatile boolean healthy = true;
    private volatile boolean stopping;
    /** The backoff being waited out, if any; completed early by {@link #close} so a stop never waits for it. */
    private volatile CompletableFuture<Void> backoff;
    private long lastDropLog;

    WriteBehind(StoreParts store, Scheduler scheduler, RealtimeMetrics metrics, int batchSize, int eventBatchSize,
                Duration flushInterval, int capacity) {
        this.store = store;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.eventBatchSize = Math.max(batchSize, eventBatchSize);
        this.flushMillis = Math.max(1, flushInterval.toMillis());
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.relaxed = new ArrayBlockingQueue<>(Math.min(capacity, MAX_RELAXED));
        this.worker = new Thread(this::run, "realtime-store-writer");
        this.worker.setDaemon(true);
        metrics.gauge("realtime.store.queue", "Writes waiting for the store", queue::size);
    }

    void start() {
        worker.start();
    }

    /** Queues a write; never blocks. False (and counted) when the queue is full. */
    boolean submit(Op op) {
        if (queue.offer(op)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        metrics.dropped("store_queue_full", 1);
        long now = System.currentTimeMillis();
        if (now - lastDropLog > 10_000) {
            lastDropLog = now;
            LOG.warn("store write queue full ({} waiting); dropped {} writes so far", queue.size(), n);
        }
        if (op instanceof Single single) {
            single.done().completeExceptionally(new IllegalStateException("store write queue full"));
        }
        return false;
    }

    /**
     * Queues a row refresh that may wait for the next batch (a flush interval at the latest) instead of waking
     * the writer; never blocks. False (and counted) when its queue is full.
     */
    boolean submitRelaxed(SaveConnection op) {
        if (relaxed.offer(op)) {
            return true;
        }
        metrics.dropped("store_queue_full", 1);
        return false;
    }

    /** Queues a write the caller can wait for. */
    CompletableFuture<Void> submitAndTrack(Runnable write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Single(write, done));
        return done;
    }

    boolean healthy() {
        return healthy;
    }

    int pending() {
        return queue.size();
    }

    long droppedCount() {
        return dropped.get();
    }

    private void run() {
        List<Op> batch = new ArrayList<>(eventBatchSize);
        List<Op> refreshes = new ArrayList<>();
        while (!stopping || !queue.isEmpty() || !relaxed.isEmpty()) {
            try {
                Op first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    // Drained up to the larger limit; applyFrom cuts runs of other writes to batchSize.
                    queue.drainTo(batch, eventBatchSize - 1);
                }
                // drained after the others and written before them: a connection's refresh always precedes its
                // closing row, so each connection's rows keep their order
                relaxed.drainTo(refreshes, eventBatchSize);
                if (!refreshes.isEmpty()) {
                    batch.addAll(0, refreshes);
                    refreshes.clear();
                }
                if (batch.isEmpty()) {
                    continue;
                }
                applyWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (!stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void applyWithRetry(List<Op> batch) throws InterruptedException {
        long backoffMillis = 100;
        int from = 0;
        while (from < batch.size()) {
            try {
                from = applyFrom(batch, from);
                if (!healthy) {
                    LOG.info("store writes succeed again");
                }
                healthy = true;
            } catch (RuntimeException e) {
                if (healthy) {
                    LOG.warn("store write failed; retrying with backoff while writes queue (bound {}): {}",
                            queue.remainingCapacity() + queue.size(), e.toString());
                }
                healthy = false;
                if (stopping) {
                    metrics.dropped("store_unavailable_at_shutdown", batch.size() - from);
                    return;
                }
                waitBeforeRetry(backoffMillis);
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }

    private void waitBeforeRetry(long millis) throws InterruptedException {
        CompletableFuture<Void> wait = new CompletableFuture<>();
        backoff = wait;
        Scheduler.Cancellable timer = scheduler.schedule(Duration.ofMillis(millis), () -> wait.complete(null));
        if (stopping) {
            wait.complete(null); // close() came before the wait was published
        }
        try {
            wait.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            timer.cancel();
            backoff = null;
        }
    }

    /**
     * Applies the run of same-kind ops starting at {@code from}, at most one batch of its kind; returns the index
     * after it.
     */
    private int applyFrom(List<Op> batch, int from) {
        Op first = batch.get(from);
        int limit = Math.min(batch.size(), from + (first instanceof AppendEvent ? eventBatchSize : batchSize));
        int end = from + 1;
        while (end < limit && batch.get(end).getClass() == first.getClass() && !(first instanceof Single)) {
            end++;
        }
        List<Op> run = batch.subList(from, end);
        if (first instanceof Single single) {
            try {
                single.write().run();
            } catch (RuntimeException e) {
                if (isPermanent(e)) {
                    // A write the store rejects as invalid will never succeed: report it, don't retry forever.
                    single.done().completeExceptionally(e);
                    return end;
                }
                throw e;
            }
            single.done().complete(null);
            return end;
        }
        try {
            writeRun(run);
        } catch (RuntimeException e) {
            if (!isPermanent(e)) {
                throw e;
            }
            writeOneByOne(run);
        }
        return end;
    }

    /** Writes a run of same-kind batchable ops with one store call. */
    private void writeRun(List<Op> run) {
        Op first = run.get(0);
        if (first instanceof AppendEvent) {
            store.eventLog().appendEvents(run.stream().map(op -> ((AppendEvent) op).resolved()).toList());
        } else if (first instanceof SaveConnection) {
            store.connections().saveConnections(run.stream().map(op -> ((SaveConnection) op).connection()).toList());
        } else if (first instanceof SavePresence) {
            store.presence().savePresence(run.stream().map(op -> ((SavePresence) op).presence()).toList());
        }
    }

    /**
     * The store refused a batch as invalid: one bad row must not hold back the others forever, so each is
     * written alone and the ones refused again are dropped and counted. An outage meanwhile is retried as usual
     * (the store's writes are idempotent, so rows already written land once).
     */
    private void writeOneByOne(List<Op> run) {
        for (Op op : run) {
            try {
                writeRun(List.of(op));
            } catch (RuntimeException e) {
                if (!isPermanent(e)) {
                    throw e;
                }
                metrics.dropped("store_rejected", 1);
                LOG.warn("the store refused a {} write as invalid; dropped it: {}", op.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    /** A refusal other than "unavailable" means the write is wrong, not the store: retrying cannot help. */
    private static boolean isPermanent(RuntimeException e) {
        return e instanceof IllegalArgumentException
                || e instanceof dev.realtime.core.RealtimeException re && re.code() != dev.realtime.core.ErrorCode.UNAVAILABLE;
    }

    /** Helpers that build the single writes the engine uses. */
    static Runnable saveRoom(RoomStore store, Room room) {
        return () -> store.saveRoom(room);
    }

    static Runnable deleteRoom(RoomStore store, String name) {
        return () -> store.deleteRoom(name);
    }

    static Runnable saveMembership(RoomStore store, Membership m) {
        return () -> store.saveMembership(m);
    }

    static Runnable removeMembership(RoomStore store, String room, String user) {
        return () -> store.removeMembership(room, user);
    }

    /** Stops accepting waits, flushes what is queued (bounded by {@code timeout}), stops the thread. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    void close(Duration timeout) {
        stopping = true;
        CompletableFuture<Void> waiting = backoff;
        if (waiting != null) {
            waiting.complete(null);
        }
        queue.offer(new Wake()); // when the queue is full the worker is busy and sees the close soon anyway
        try {
            worker.join(timeout.toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                int lost = queue.size();
                if (lost > 0) {
                    metrics.dropped("store_unavailable_at_shutdown", lost);
                    LOG.warn("store writer did not finish within {}; {} writes lost", timeout, lost);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
