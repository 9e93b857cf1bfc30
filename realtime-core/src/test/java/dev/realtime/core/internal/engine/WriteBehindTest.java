package dev.realtime.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.SystemClock;
import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.internal.metrics.RealtimeMetrics;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.TransportKind;
import dev.realtime.core.spi.Scheduler;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.ForwardingStore;
import dev.realtime.core.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WriteBehindTest {

    /** A store that fails while {@code down} is set. */
    static final class FlakyStore extends InMemoryStoreDelegate {
        final AtomicBoolean down = new AtomicBoolean();
        volatile String poisonRoom;
        final AtomicInteger appendCalls = new AtomicInteger();
        final List<Integer> appendSizes = new CopyOnWriteArrayList<>();
        final List<Integer> presenceSizes = new CopyOnWriteArrayList<>();

        @Override
        public void savePresence(List<Presence> snapshots) {
            presenceSizes.add(snapshots.size());
            super.savePresence(snapshots);
        }

        @Override
        public void appendEvents(List<EventLogEntry> entries) {
            appendCalls.incrementAndGet();
            appendSizes.add(entries.size());
            if (down.get()) {
                throw new RealtimeException(ErrorCode.UNAVAILABLE, "database down");
            }
            if (poisonRoom != null && entries.stream().anyMatch(e -> poisonRoom.equals(e.roomName()))) {
                throw new RealtimeException(ErrorCode.VALIDATION_ERROR, "row refused: " + poisonRoom);
            }
            super.appendEvents(entries);
        }
    }

    private static EventLogEntry entry() {
        return new EventLogEntry(UUID.randomUUID(), EventType.MESSAGE, "s", "u", "r", NullNode.getInstance(), null,
                Instant.now());
    }

    private static final SystemClock SYSTEM_CLOCK = new SystemClock();

    @AfterAll
    static void stopClock() {
        SYSTEM_CLOCK.close();
    }

    private static WriteBehind writer(FlakyStore store, int capacity) {
        return writer(store, SYSTEM_CLOCK, capacity);
    }

    private static WriteBehind writer(FlakyStore store, Scheduler scheduler, int capacity) {
        return new WriteBehind(new StoreParts(store, store, store, store), scheduler,
                new RealtimeMetrics(new SimpleMeterRegistry()), 50, 200, Duration.ofMillis(5), capacity);
    }

    @Test
    void writesLandInBatchesInTheBackground() throws Exception {
        FlakyStore store = new FlakyStore();
        WriteBehind w = writer(store, 1000);
        w.start();
        for (int i = 0; i < 200; i++) {
            assertThat(w.submit(new WriteBehind.AppendEvent(entry()))).isTrue();
        }
        w.submitAndTrack(() -> { }).get(10, TimeUnit.SECONDS);
        assertThat(store.recentEvents(EventQuery.latest(1000))).hasSize(200);
        assertThat(store.appendCalls.get()).isLessThan(200);
        w.close();
    }

    @Test
    void eventRowsGoToTheStoreInLargerBatchesThanOtherWrites() throws Exception {
        FlakyStore store = new FlakyStore();
        WriteBehind w = writer(store, 1000);
        for (int i = 0; i < 450; i++) {
            w.submit(new WriteBehind.AppendEvent(entry()));
        }
        for (int i = 0; i < 120; i++) {
            w.submit(new WriteBehind.SavePresence(Presence.offline("u" + i)));
        }
        w.start(); // everything is queued before the first drain, so the batch sizes are the limits
        w.submitAndTrack(() -> { }).get(10, TimeUnit.SECONDS);
        w.close();

        assertThat(store.appendSizes).containsExactly(200, 200, 50);
        assertThat(store.presenceSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
        assertThat(store.presenceSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(120);
    }

    @Test
    void anOutageIsRetriedThenLandsExactlyOnceAndOverflowIsDroppedAndCounted() throws Exception {
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        WriteBehind w = writer(store, 10);
        w.start();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (w.submit(new WriteBehind.AppendEvent(entry()))) {
                accepted++;
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !w.healthy());
        assertThat(w.droppedCount()).isEqualTo(100 - accepted);
        assertThat(accepted).isLessThan(100);

        store.down.set(false);
        int expected = accepted;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> w.healthy() && w.pending() == 0);
        w.submitAndTrack(() -> { }).get(30, TimeUnit.SECONDS);
        assertThat(store.recentEvents(EventQuery.latest(1000))).hasSize(expected);
        w.close();
    }

    @Test
    void retriesWaitOutADoublingBackoffOnTheScheduler() throws Exception {
        ManualClock clock = new ManualClock();
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        WriteBehind w = writer(store, clock, 10);
        w.start();
        w.submit(new WriteBehind.AppendEvent(entry()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> clock.pendingTasks() == 1);
        assertThat(store.appendCalls.get()).isEqualTo(1);

        clock.advance(Duration.ofMillis(99));
        assertThat(clock.pendingTasks()).as("the first backoff is 100 ms").isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> store.appendCalls.get() == 2 && clock.pendingTasks() == 1);

        store.down.set(false);
        clock.advance(Duration.ofMillis(199));
        assertThat(store.appendCalls.get()).as("the second backoff is 200 ms").isEqualTo(2);
        clock.advance(Duration.ofMillis(1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(w::healthy);
        assertThat(store.recentEvents(EventQuery.latest(10))).hasSize(1);
        w.close();
    }

    @Test
    void closingDuringAnOutageDoesNotWaitOutTheBackoff() {
        ManualClock clock = new ManualClock();
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        WriteBehind w = writer(store, clock, 10);
        w.start();
        w.submit(new WriteBehind.AppendEvent(entry()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> clock.pendingTasks() == 1);

        long started = System.nanoTime();
        w.close(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(store.appendCalls.get()).isEqualTo(2);
    }

    @Test
    void aWriteTheStoreRejectsAsInvalidFailsItsCallerInsteadOfRetryingForever() {
        FlakyStore store = new FlakyStore();
        WriteBehind w = writer(store, 10);
        w.start();
        var done = w.submitAndTrack(WriteBehind.saveMembership(store,
                dev.realtime.core.model.Membership.member("no-such-room", "u", Instant.now())));
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).cause().hasMessageContaining("no-such-room");
        w.submitAndTrack(WriteBehind.saveRoom(store, Room.builder("ok").build()));
        w.close();
        assertThat(store.findRoom("ok")).isPresent();
    }

    @Test
    void aBatchWithOneRowTheStoreRefusesLandsTheOthersAndDropsAndCountsThatOne() throws Exception {
        FlakyStore store = new FlakyStore();
        store.poisonRoom = "bad";
        WriteBehind w = writer(store, 100);
        w.start();
        for (int i = 0; i < 10; i++) {
            w.submit(new WriteBehind.AppendEvent(entry(i == 4 ? "bad" : "r")));
        }
        w.submitAndTrack(() -> { }).get(10, TimeUnit.SECONDS);
        w.close();
        assertThat(store.recentEvents(EventQuery.latest(100))).hasSize(9)
                .allSatisfy(e -> assertThat(e.roomName()).isEqualTo("r"));
    }

    private static EventLogEntry entry(String room) {
        return new EventLogEntry(UUID.randomUUID(), EventType.MESSAGE, "s", "u", room, NullNode.getInstance(), null,
                Instant.now());
    }

    /** Lets the test override one method of the in-memory store. */
    /** Keeps every connection row it is given, in order. */
    static final class RowLog extends InMemoryStoreDelegate {
        final List<ConnectionInfo> rows = new CopyOnWriteArrayList<>();

        @Override
        public void saveConnections(List<ConnectionInfo> connections) {
            rows.addAll(connections);
            super.saveConnections(connections);
        }
    }

    private static ConnectionInfo row(String id, long latency, Instant disconnectedAt) {
        return new ConnectionInfo(id, "u", "s", false, TransportKind.WEBSOCKET_JSON, "n", "127.0.0.1", null, Map.of(),
                Instant.EPOCH, latency, disconnectedAt);
    }

    @Test
    void aRelaxedRowRefreshLandsWithoutAnotherWriteBehindIt() {
        RowLog store = new RowLog();
        WriteBehind w = new WriteBehind(new StoreParts(store, store, store, store), SYSTEM_CLOCK,
                new RealtimeMetrics(new SimpleMeterRegistry()), 50, 200, Duration.ofMillis(20), 1000);
        w.start();
        assertThat(w.submitRelaxed(new WriteBehind.SaveConnection(row("c1", 7, null)))).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(store.rows).extracting(ConnectionInfo::latencyMillis).containsExactly(7L));
        w.close();
    }

    @Test
    void aRefreshSubmittedBeforeTheClosingRowNeverOverwritesIt() throws Exception {
        RowLog store = new RowLog();
        WriteBehind w = new WriteBehind(new StoreParts(store, store, store, store), SYSTEM_CLOCK,
                new RealtimeMetrics(new SimpleMeterRegistry()), 50, 200, Duration.ofMillis(1), 10_000);
        w.start();
        for (int i = 0; i < 500; i++) {
            String id = "c" + i;
            w.submitRelaxed(new WriteBehind.SaveConnection(row(id, i, null)));
            w.submit(new WriteBehind.SaveConnection(row(id, i, Instant.EPOCH)));
        }
        w.submitAndTrack(() -> { }).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.rows.size() == 1000);
        Map<String, ConnectionInfo> last = new HashMap<>();
        store.rows.forEach(r -> last.put(r.id(), r));
        assertThat(last).hasSize(500);
        assertThat(last.values()).allSatisfy(r -> assertThat(r.disconnectedAt()).isEqualTo(Instant.EPOCH));
        w.close();
    }

    static class InMemoryStoreDelegate extends ForwardingStore {
        InMemoryStoreDelegate() {
            super(new InMemoryStore());
        }
    }
}
