package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.testkit.StoreSamples;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The COPY write path of the event log: awkward text survives the text format, duplicates land once whether
 * they come in one batch or in a replay that partly landed before, and the relaxed commit stays with the
 * event-log transaction.
 */
class EventLogWriteIT {
    private static TestDatabase database;
    private PostgresStore store;
    private final StoreSamples samples = new StoreSamples();

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void openStore() {
        store = PostgresStore.open(database.options().poolSize(1).build());
        database.sql("TRUNCATE realtime_events");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void awkwardTextAndJsonRoundTripUnchanged() {
        String awkward = "tab\there \"quoted\" back\\slash \\N \\t new\nline cr\r end é 漢字 😀 \u2028";
        ObjectNode payload = Json.object();
        payload.put("content", awkward);
        payload.put("\\N", "key that looks like null");
        payload.putArray("list").add(awkward).addNull().add(1.5);
        EventLogEntry entry = new EventLogEntry(UUID.randomUUID(), EventType.MESSAGE, awkward, "user\\N", "room\t1",
                payload, "2001:db8::1", samples.at(1));
        EventLogEntry bare = samples.bareEvent(EventType.CONNECT, 2);

        store.appendEvents(List.of(entry, bare));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(bare, entry);
    }

    @Test
    void microsecondsOfTheTimestampSurvive() {
        EventLogEntry entry = new EventLogEntry(UUID.randomUUID(), EventType.JOIN, null, "u", "lobby", null, null,
                samples.at(1).plusNanos(123_456_000));

        store.appendEvents(List.of(entry));

        assertThat(store.recentEvents(EventQuery.latest(1))).containsExactly(entry);
    }

    @Test
    void duplicateIdsInOneBatchLandOnce() {
        EventLogEntry a = samples.event(EventType.MESSAGE, "lobby", 1);
        EventLogEntry b = samples.event(EventType.MESSAGE, "lobby", 2);

        store.appendEvents(List.of(a, b, a, b, a));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(b, a);
    }

    @Test
    void aReplayedBatchPartOfWhichLandedAddsOnlyTheMissingRows() {
        List<EventLogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(samples.event(EventType.MESSAGE, "lobby", i));
        }
        store.appendEvents(batch.subList(10, 30));

        store.appendEvents(batch);
        store.appendEvents(batch);

        assertThat(database.queryLong("SELECT count(*) FROM realtime_events")).isEqualTo(50);
        assertThat(database.queryLong("SELECT count(DISTINCT id) FROM realtime_events")).isEqualTo(50);
        List<EventLogEntry> newestFirst = new ArrayList<>(batch);
        Collections.reverse(newestFirst);
        assertThat(store.recentEvents(EventQuery.latest(100))).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aLargeBatchLandsWhole() {
        List<EventLogEntry> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(samples.event(i % 2 == 0 ? EventType.MESSAGE : EventType.JOIN, "room-" + (i % 7), i));
        }

        store.appendEvents(batch);

        assertThat(database.queryLong("SELECT count(*) FROM realtime_events")).isEqualTo(5_000);
        assertThat(store.recentEvents(EventQuery.latest(3))).containsExactly(batch.get(4_999), batch.get(4_998),
                batch.get(4_997));
    }

    @Test
    void theRelaxedCommitEndsWithTheEventBatch() throws Exception {
        store.appendEvents(List.of(samples.event(EventType.MESSAGE, "lobby", 1)));

        // One pooled connection: the one the batch used. SET LOCAL must not have outlived its transaction.
        assertThat(synchronousCommit(store)).isEqualTo(database.queryString("SHOW synchronous_commit"));
    }

    @Test
    void durableCommitsWriteTheSameRows() {
        store.close();
        store = PostgresStore.open(database.options().poolSize(1).durableEventLog(true).build());
        EventLogEntry a = samples.event(EventType.MESSAGE, "lobby", 1);
        EventLogEntry b = samples.event(EventType.LEAVE, "lobby", 2);

        store.appendEvents(List.of(a));
        store.appendEvents(List.of(a, b));

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(b, a);
    }

    @Test
    void theLogKeepsTheIndexesItsQueriesUseAndNoOther() {
        assertThat(database.queryString("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                + "WHERE tablename = 'realtime_events'"))
                .isEqualTo("realtime_events_pkey,realtime_events_room_idx,realtime_events_time_idx,"
                        + "realtime_events_type_idx");
    }

    private static String synchronousCommit(PostgresStore store) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
