package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.memory.InMemoryStore;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.store.EventQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory store stays bounded: it keeps only the newest events. */
class InMemoryStoreBoundsTest {
    private final StoreSamples samples = new StoreSamples();

    @Test
    void keepsOnlyTheNewestEventsByTime() {
        InMemoryStore store = new InMemoryStore(3);
        List<EventLogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(samples.event(EventType.MESSAGE, "lobby", i));
        }
        store.appendEvents(List.of(batch.get(4), batch.get(0), batch.get(3)));
        store.appendEvents(List.of(batch.get(1), batch.get(2)));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(batch.get(4), batch.get(3),
                batch.get(2));
    }

    @Test
    void anEvictedEventMayBeAppendedAgainWithoutGrowingTheLog() {
        InMemoryStore store = new InMemoryStore(2);
        EventLogEntry oldest = samples.event(EventType.MESSAGE, "lobby", 1);
        EventLogEntry middle = samples.event(EventType.MESSAGE, "lobby", 2);
        EventLogEntry newest = samples.event(EventType.MESSAGE, "lobby", 3);
        store.appendEvents(List.of(oldest, middle, newest));

        store.appendEvents(List.of(oldest));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(newest, middle);
        assertThat(store.eventCountsByType()).containsEntry("message", 2);
    }
}
