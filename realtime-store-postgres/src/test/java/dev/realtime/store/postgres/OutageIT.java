package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.testkit.StoreSamples;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store under database trouble: calls end with {@code UNAVAILABLE} instead of hanging, and once the
 * trouble is over the same writes land, exactly once. (The timeout is a safety net, not a measurement.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutageIT {
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
        store = PostgresStore.open(database.options().poolSize(2).connectionTimeout(Duration.ofSeconds(1))
                .lockTimeout(Duration.ofMillis(300)).statementTimeout(Duration.ofSeconds(2)).build());
        database.sql("TRUNCATE realtime_rooms, realtime_room_members, realtime_connections, realtime_presence, "
                + "realtime_typing, realtime_events");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aLockedTableTimesOutAsUnavailableAndTheReplayLandsExactlyOnce() throws Exception {
        List<EventLogEntry> batch = List.of(samples.event(EventType.MESSAGE, "lobby", 1),
                samples.event(EventType.MESSAGE, "lobby", 2));
        try (Connection locker = database.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE realtime_events IN ACCESS EXCLUSIVE MODE");

            assertUnavailable(() -> store.appendEvents(batch));
            assertUnavailable(() -> store.recentEvents(EventQuery.latest(10)));

            locker.rollback();
        }
        store.appendEvents(batch);
        store.appendEvents(batch);

        assertThat(store.recentEvents(EventQuery.latest(10))).containsExactly(batch.get(1), batch.get(0));
    }

    @Test
    void aLockedRowTimesOutAsUnavailableAndLaterWritesLand() throws Exception {
        Room room = Room.builder("busy").build();
        store.saveRoom(room);
        try (Connection locker = database.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("SELECT * FROM realtime_rooms WHERE name = 'busy' FOR UPDATE");

            assertUnavailable(() -> store.saveRoom(room.toBuilder().maxMembers(3).build()));

            locker.commit();
        }
        store.saveRoom(room.toBuilder().maxMembers(3).build());

        assertThat(store.findRoom("busy").orElseThrow().maxMembers()).isEqualTo(3);
    }

    @Test
    void anExhaustedPoolAnswersUnavailableInsteadOfQueueingForever() throws Exception {
        try (Connection first = store.dataSource().getConnection();
             Connection second = store.dataSource().getConnection()) {
            assertThat(first.isValid(1) && second.isValid(1)).isTrue();

            assertUnavailable(() -> store.loadRooms());
            await().atMost(Duration.ofSeconds(30)).until(() -> !store.isAvailable());
        }
        await().atMost(Duration.ofSeconds(30)).until(store::isAvailable);
    }

    @Test
    void writesLandAgainAfterTheServerDroppedEveryConnection() {
        store.appendEvents(List.of(samples.event(EventType.CONNECT, null, 0)));
        database.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name = 'realtime'");
        EventLogEntry after = samples.event(EventType.MESSAGE, "lobby", 1);

        // The first attempt may meet a dead pooled connection (UNAVAILABLE); retrying is what the writer does.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(RealtimeException.class)
                .untilAsserted(() -> {
                    store.appendEvents(List.of(after));
                    assertThat(store.recentEvents(EventQuery.latest(10))).contains(after);
                });
        assertThat(store.recentEvents(EventQuery.latest(10))).filteredOn(e -> e.id().equals(after.id())).hasSize(1);
    }

    @Test
    void aClosedStoreReportsItselfUnavailable() {
        assertThat(store.isAvailable()).isTrue();
        store.close();
        assertThat(store.isAvailable()).isFalse();
        assertUnavailable(() -> store.loadRooms());
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RealtimeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
