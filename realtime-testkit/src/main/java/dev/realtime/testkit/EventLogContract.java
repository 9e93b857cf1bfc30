package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.store.EventLogStore;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.StoreQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour an {@link EventLogStore} must show, whether it is part of a whole {@code Store} or plugged in on
 * its own ({@code Realtime.builder().eventLog(...)}). Entries are read back through the {@link StoreQueries} the
 * part also implements.
 *
 * @param <S> the part under test
 */
public abstract class EventLogContract<S extends EventLogStore & StoreQueries> {
    /** The part under test, fresh for every test. */
    protected S store;
    /** Sample values with times near now and names unique to this test. */
    protected StoreSamples samples;

    /** A new, empty event log. */
    protected abstract S createEventLog();

    /** Cleanup hook, called after every test with what {@link #createEventLog()} returned; closes it by default. */
    protected void releaseEventLog(S used) throws Exception {
        if (used instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void openPart() {
        samples = new StoreSamples();
        store = createEventLog();
    }

    @AfterEach
    void closePart() throws Exception {
        if (store != null) {
            releaseEventLog(store);
        }
    }

    @Test
    void appendedEventsComeBackNewestFirstWithEveryField() {
        EventLogEntry first = samples.event(EventType.JOIN, "lobby", 1);
        EventLogEntry second = samples.bareEvent(EventType.ERROR, 2);
        EventLogEntry third = samples.event(EventType.MESSAGE, "lobby", 3);
        store.appendEvents(List.of(first, second, third));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(third, second, first);
    }

    @Test
    void newestFirstMeansByTimeEvenWhenAppendedOutOfOrder() {
        EventLogEntry late = samples.event(EventType.MESSAGE, "lobby", 30);
        EventLogEntry early = samples.event(EventType.MESSAGE, "lobby", 10);
        EventLogEntry middle = samples.event(EventType.MESSAGE, "lobby", 20);
        store.appendEvents(List.of(late));
        store.appendEvents(List.of(early, middle));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(late, middle, early);
    }

    @Test
    void eventsAtTheSameInstantComeBackLatestAppendedFirst() {
        EventLogEntry a = samples.event(EventType.MESSAGE, "lobby", 5);
        EventLogEntry b = samples.event(EventType.MESSAGE, "lobby", 5);
        EventLogEntry c = samples.event(EventType.MESSAGE, "lobby", 5);
        store.appendEvents(List.of(a, b));
        store.appendEvents(List.of(c));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(c, b, a);
    }

    @Test
    void aReplayedBatchLandsExactlyOnce() {
        List<EventLogEntry> batch = List.of(samples.event(EventType.CONNECT, null, 1),
                samples.event(EventType.MESSAGE, "lobby", 2));
        store.appendEvents(batch);
        store.appendEvents(batch);
        store.appendEvents(List.of(batch.get(1), samples.event(EventType.DISCONNECT, null, 3)));

        assertThat(store.recentEvents(EventQuery.latest(10))).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aDuplicateIdInsideOneBatchLandsOnce() {
        EventLogEntry e = samples.event(EventType.MESSAGE, "lobby", 1);
        store.appendEvents(List.of(e, e));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(e);
    }

    @Test
    void limitKeepsTheNewest() {
        List<EventLogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(samples.event(EventType.MESSAGE, "lobby", i));
        }
        store.appendEvents(batch);

        assertThat(store.recentEvents(EventQuery.latest(3))).containsExactly(batch.get(19), batch.get(18),
                batch.get(17));
    }

    @Test
    void filtersByTypeAndRoom() {
        EventLogEntry joinLobby = samples.event(EventType.JOIN, "lobby", 1);
        EventLogEntry messageLobby = samples.event(EventType.MESSAGE, "lobby", 2);
        EventLogEntry messageOther = samples.event(EventType.MESSAGE, "other", 3);
        EventLogEntry connect = samples.event(EventType.CONNECT, null, 4);
        store.appendEvents(List.of(joinLobby, messageLobby, messageOther, connect));

        assertThat(store.recentEvents(new EventQuery(10, EventType.MESSAGE, null)))
                .containsExactly(messageOther, messageLobby);
        assertThat(store.recentEvents(new EventQuery(10, null, "lobby"))).containsExactly(messageLobby, joinLobby);
        assertThat(store.recentEvents(new EventQuery(10, EventType.MESSAGE, "lobby"))).containsExactly(messageLobby);
        assertThat(store.recentEvents(new EventQuery(10, EventType.PRESENCE, null))).isEmpty();
    }

    @Test
    void limitAppliesAfterTheFilter() {
        List<EventLogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(samples.event(i % 2 == 0 ? EventType.JOIN : EventType.LEAVE, "lobby", i));
        }
        store.appendEvents(batch);

        assertThat(store.recentEvents(new EventQuery(2, EventType.JOIN, null)))
                .containsExactly(batch.get(8), batch.get(6));
    }

    @Test
    void everyEventTypeRoundTrips() {
        List<EventLogEntry> batch = new ArrayList<>();
        long second = 0;
        for (EventType type : EventType.values()) {
            batch.add(samples.bareEvent(type, second++));
        }
        store.appendEvents(batch);

        assertThat(store.recentEvents(EventQuery.latest(100))).containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void textWithANulCharacterIsStoredRatherThanRejected() {
        EventLogEntry nul = new EventLogEntry(UUID.randomUUID(), EventType.MESSAGE, "sock\u0000", "user\u0000",
                "lobby", StoreSamples.textPayload("before\u0000after"), null, samples.at(1));
        EventLogEntry fine = samples.event(EventType.MESSAGE, "lobby", 2);
        store.appendEvents(List.of(nul, fine));

        assertThat(store.recentEvents(EventQuery.latest(10))).extracting(EventLogEntry::id)
                .containsExactly(fine.id(), nul.id());
    }

    @Test
    void emptyBatchIsHarmless() {
        store.appendEvents(List.of());

        assertThat(store.recentEvents(EventQuery.latest(10))).isEmpty();
    }
}
