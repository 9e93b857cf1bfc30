package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.testkit.StoreSamples;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The maintenance functions and the retention job, run explicitly and on their schedule. */
class MaintenanceIT {
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
        store = PostgresStore.open(database.options().retentionBatchSize(7).awayAfter(Duration.ofMinutes(5))
                .staleConnectionAfter(Duration.ofMinutes(15)).eventRetention(Duration.ofDays(30)).build());
        database.sql("TRUNCATE realtime_rooms, realtime_room_members, realtime_connections, realtime_presence, "
                + "realtime_typing, realtime_events");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void expiredTypingIsRemovedAndCurrentTypingShowsOnlyLiveIndicators() {
        store.saveRoom(Room.builder("lobby").build());
        database.sql(typing("lobby", "alice", null, "-1 second"), typing("lobby", "bob", "t1", "+1 hour"),
                typing("lobby", "carol", null, "-1 hour"));

        assertThat(database.queryLong("SELECT count(*) FROM realtime_current_typing")).isEqualTo(1);
        MaintenanceReport report = store.runMaintenance();

        assertThat(report.ran()).isTrue();
        assertThat(report.expiredTypingRemoved()).isEqualTo(2);
        assertThat(database.queryLong("SELECT count(*) FROM realtime_typing")).isEqualTo(1);
        assertThat(database.queryLong("SELECT count(*) FROM realtime_current_typing WHERE user_id = 'bob' "
                + "AND room_name = 'lobby' AND thread_id = 't1'")).isEqualTo(1);
    }

    @Test
    void presenceFollowsOpenConnectionsAndActivity() {
        Instant now = Instant.now();
        store.saveConnections(List.of(samples.openConnection("c-idle", "idle", 600),
                samples.openConnection("c-active", "active", 600), samples.openConnection("c-back", "back", 5),
                samples.openConnection("c-busy", "busy", 600)));
        store.savePresence(List.of(
                new Presence("idle", PresenceStatus.ONLINE, null, now.minus(Duration.ofMinutes(10)), 1),
                new Presence("active", PresenceStatus.ONLINE, null, now, 1),
                new Presence("gone", PresenceStatus.ONLINE, null, now, 2),
                new Presence("back", PresenceStatus.OFFLINE, null, now, 0),
                new Presence("busy", PresenceStatus.BUSY,
                        new CustomStatus("lunch", "🍔", now.minus(Duration.ofMinutes(1))),
                        now.minus(Duration.ofHours(1)), 1)));

        MaintenanceReport report = store.runMaintenance();

        assertThat(report.presenceRowsUpdated()).isEqualTo(4);
        assertThat(store.loadPresence(List.of("idle", "active", "gone", "back", "busy")))
                .extracting(Presence::userId, Presence::status, Presence::connectionCount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("idle", PresenceStatus.AWAY, 1),
                        org.assertj.core.groups.Tuple.tuple("active", PresenceStatus.ONLINE, 1),
                        org.assertj.core.groups.Tuple.tuple("gone", PresenceStatus.OFFLINE, 0),
                        org.assertj.core.groups.Tuple.tuple("back", PresenceStatus.ONLINE, 1),
                        org.assertj.core.groups.Tuple.tuple("busy", PresenceStatus.BUSY, 1));
        assertThat(store.loadPresence(List.of("busy")).get(0).customStatus()).isNull();
        assertThat(store.runMaintenance().presenceRowsUpdated()).isZero();
    }

    @Test
    void connectionsOfADeadNodeAreClosedWhenStale() {
        store.saveConnections(List.of(samples.openConnection("c-dead", "alice", 10),
                samples.openConnection("c-live", "bob", 10)));
        database.sql("UPDATE realtime_connections SET last_seen_at = now() - interval '16 minutes' "
                + "WHERE socket_id = 'c-dead'");

        MaintenanceReport report = store.runMaintenance();

        assertThat(report.staleConnectionsClosed()).isEqualTo(1);
        assertThat(store.openConnections(10)).extracting(ConnectionInfo::id).containsExactly("c-live");
        // A late write from the dead node cannot reopen it.
        store.saveConnections(List.of(samples.openConnection("c-dead", "alice", 10)));
        assertThat(store.openConnections(10)).extracting(ConnectionInfo::id).containsExactly("c-live");
    }

    @Test
    void eventsOlderThanTheRetentionAreDeletedInBatches() {
        List<EventLogEntry> old = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            old.add(new EventLogEntry(UUID.randomUUID(), EventType.MESSAGE, null, "u", "lobby", null, null,
                    Instant.now().minus(Duration.ofDays(31)).plusSeconds(i)));
        }
        EventLogEntry recent = samples.event(EventType.MESSAGE, "lobby", 0);
        EventLogEntry almostExpired = new EventLogEntry(UUID.randomUUID(), EventType.JOIN, null, "u", "lobby",
                null, null, samples.at(0).minus(Duration.ofDays(29)));
        store.appendEvents(old);
        store.appendEvents(List.of(recent, almostExpired));

        MaintenanceReport report = store.runMaintenance();

        assertThat(report.eventsDeleted()).isEqualTo(20);
        assertThat(store.recentEvents(EventQuery.latest(100))).containsExactly(recent, almostExpired);
    }

    @Test
    void retentionOffKeepsEverything() {
        try (PostgresStore keeper = PostgresStore.open(database.options().eventRetention(Duration.ZERO).build())) {
            keeper.appendEvents(List.of(new EventLogEntry(UUID.randomUUID(), EventType.CONNECT, null, null, null,
                    null, null, Instant.parse("2001-01-01T00:00:00Z"))));

            assertThat(keeper.runMaintenance().eventsDeleted()).isZero();
            assertThat(keeper.recentEvents(EventQuery.latest(10))).hasSize(1);
        }
    }

    @Test
    void aNodeSkipsTheRunWhileAnotherHoldsTheMaintenanceLock() throws Exception {
        try (Connection other = database.connect(); Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + 0x7265616c74696d66L + ")");

            assertThat(store.runMaintenance().ran()).isFalse();

            st.execute("SELECT pg_advisory_unlock(" + 0x7265616c74696d66L + ")");
        }
        assertThat(store.runMaintenance().ran()).isTrue();
    }

    @Test
    void scheduledMaintenanceRunsOnItsOwn() {
        try (PostgresStore scheduled = PostgresStore.open(database.options()
                .maintenanceInterval(Duration.ofSeconds(1)).build())) {
            scheduled.saveRoom(Room.builder("lobby").settings(Map.of()).build());
            database.sql(typing("lobby", "alice", null, "-1 second"));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> database.queryLong("SELECT count(*) FROM realtime_typing") == 0);
            assertThat(scheduled.maintenanceFailures()).isZero();
        }
    }

    private static String typing(String room, String user, String thread, String expiresIn) {
        return "INSERT INTO realtime_typing (room_id, user_id, thread_id, expires_at) SELECT id, '" + user + "', "
                + (thread == null ? "NULL" : "'" + thread + "'") + ", now() + interval '" + expiresIn + "' "
                + "FROM realtime_rooms WHERE name = '" + room + "'";
    }
}
