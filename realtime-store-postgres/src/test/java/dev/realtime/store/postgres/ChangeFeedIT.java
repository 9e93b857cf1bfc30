package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.RoomChangeFeed.RoomChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The change feed against a real PostgreSQL: every committed change to rooms and memberships, made by plain SQL
 * or by another store, is reported; a killed listening connection is replaced and what happened meanwhile is
 * re-read. (The timeout is a safety net, not a measurement.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChangeFeedIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestDatabase database;
    private final List<RoomChange> reported = new CopyOnWriteArrayList<>();
    private PostgresStore store;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void openStoreAndSubscribe() {
        store = PostgresStore.open(database.options().build());
        database.sql("DELETE FROM realtime_rooms");
        store.subscribe(reported::add);
        assertThat(store.changeFeedStats().listening()).isTrue();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void reportsRoomAndMembershipChangesMadeWithPlainSql() {
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('sql-room')");
        awaitReported(new RoomChange("sql-room", null));
        reported.clear();

        database.sql("UPDATE realtime_rooms SET max_members = 9 WHERE name = 'sql-room'");
        awaitReported(new RoomChange("sql-room", null));
        reported.clear();

        database.sql("INSERT INTO realtime_room_members (room_id, user_id) "
                + "SELECT id, 'alice' FROM realtime_rooms WHERE name = 'sql-room'");
        awaitReported(new RoomChange("sql-room", "alice"));
        reported.clear();

        database.sql("UPDATE realtime_room_members SET is_banned = true WHERE user_id = 'alice'");
        awaitReported(new RoomChange("sql-room", "alice"));
        reported.clear();

        database.sql("DELETE FROM realtime_room_members WHERE user_id = 'alice'");
        awaitReported(new RoomChange("sql-room", "alice"));
        reported.clear();

        database.sql("DELETE FROM realtime_rooms WHERE name = 'sql-room'");
        awaitReported(new RoomChange("sql-room", null));
        assertThat(store.changeFeedStats().notifications()).isEqualTo(6);
    }

    @Test
    void reportsChangesMadeThroughAnotherStoreAsTheCliDoes() {
        Instant now = Instant.now();
        try (PostgresStore cli = PostgresStore.open(database.options().poolSize(1).build())) {
            cli.saveRoom(Room.builder("cli-room").build());
            awaitReported(new RoomChange("cli-room", null));

            cli.saveMembership(new Membership("cli-room", "bob", MemberRole.MEMBER, false, false, now, null));
            awaitReported(new RoomChange("cli-room", "bob"));
            reported.clear();

            cli.saveMembership(new Membership("cli-room", "bob", MemberRole.MODERATOR, false, false, now, null));
            awaitReported(new RoomChange("cli-room", "bob"));
            reported.clear();

            assertThat(cli.removeMembership("cli-room", "bob")).isTrue();
            awaitReported(new RoomChange("cli-room", "bob"));
            reported.clear();

            assertThat(cli.deleteRoom("cli-room")).isTrue();
            awaitReported(new RoomChange("cli-room", null));
        }
    }

    @Test
    void rewritingOnlyLastSeenIsNotReported() {
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('quiet')",
                "INSERT INTO realtime_room_members (room_id, user_id) SELECT id, 'carol' FROM realtime_rooms");
        awaitReported(new RoomChange("quiet", "carol"));
        reported.clear();

        database.sql("UPDATE realtime_room_members SET last_seen_at = now()");
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('marker')");

        // Notifications arrive in commit order: once the marker is here, the earlier update would be too.
        awaitReported(new RoomChange("marker", null));
        assertThat(reported).containsExactly(new RoomChange("marker", null));
    }

    @Test
    void aRenamedRoomIsReportedGoneAndItsMembersUnderTheNewName() {
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('before')",
                "INSERT INTO realtime_room_members (room_id, user_id) SELECT id, 'dave' FROM realtime_rooms");
        awaitReported(new RoomChange("before", "dave"));
        reported.clear();

        database.sql("UPDATE realtime_rooms SET name = 'after'");

        await().atMost(WAIT).untilAsserted(() -> assertThat(reported).contains(new RoomChange("before", null),
                new RoomChange("after", null), new RoomChange("after", "dave")));
    }

    @Test
    void aUserIdTooLongForOneNotificationStillArrives() {
        String longUser = "u".repeat(9_000);
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('long')");
        database.sql("INSERT INTO realtime_room_members (room_id, user_id) SELECT id, '" + longUser
                + "' FROM realtime_rooms");

        awaitReported(new RoomChange("long", longUser));
    }

    @Test
    void aFailingListenerIsCountedAndLaterChangesStillArrive() {
        store.close();
        store = PostgresStore.open(database.options().build());
        store.subscribe(change -> {
            if (change.roomName().equals("boom")) {
                throw new IllegalStateException("listener failure for the test");
            }
            reported.add(change);
        });

        database.sql("INSERT INTO realtime_rooms (name) VALUES ('boom')");
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('fine')");

        awaitReported(new RoomChange("fine", null));
        assertThat(store.changeFeedStats().listenerFailures()).isEqualTo(1);
    }

    @Test
    void aKilledListeningConnectionIsReplacedAndWhatHappenedMeanwhileIsReread() {
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('doomed')",
                "INSERT INTO realtime_room_members (room_id, user_id) SELECT id, 'erin' FROM realtime_rooms");
        awaitReported(new RoomChange("doomed", "erin"));
        long listener = listeningPid();
        reported.clear();

        database.sql("SELECT pg_terminate_backend(" + listener + ")");
        // Possibly before the feed listens again: then only the re-read after the reconnect can report it.
        database.sql("DELETE FROM realtime_rooms WHERE name = 'doomed'");
        database.sql("INSERT INTO realtime_rooms (name) VALUES ('meanwhile')");

        await().atMost(WAIT).until(() -> store.changeFeedStats().reconnects() == 1
                && store.changeFeedStats().listening());
        assertThat(listeningPid()).isNotEqualTo(listener);
        await().atMost(WAIT).untilAsserted(() -> assertThat(reported).contains(new RoomChange("doomed", null),
                new RoomChange("doomed", "erin"), new RoomChange("meanwhile", null)));

        database.sql("INSERT INTO realtime_rooms (name) VALUES ('afterwards')");
        awaitReported(new RoomChange("afterwards", null));
    }

    @Test
    void theLogsOfAReconnectNeverShowThePassword() {
        store.close();
        DatabaseUrl url = database.url();
        // The test server trusts local connections, so any password is accepted and none is checked.
        DatabaseUrl withPassword = DatabaseUrl.parse(url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?")
                + "user=" + url.user() + "&password=hunter2-secret");
        Logger logger = (Logger) LoggerFactory.getLogger("dev.realtime.store.postgres");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            store = PostgresStore.open(PostgresStoreOptions.builder(withPassword)
                    .maintenanceInterval(Duration.ZERO).build());
            store.subscribe(reported::add);

            database.sql("SELECT pg_terminate_backend(" + listeningPid() + ")");
            await().atMost(WAIT).until(() -> store.changeFeedStats().reconnects() == 1);

            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("change feed lost PostgreSQL"))
                    .noneMatch(m -> m.contains("hunter2"));
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void closingTheStoreEndsTheListeningConnection() {
        listeningPid();

        store.close();

        assertThat(store.changeFeedStats().listening()).isFalse();
        await().atMost(WAIT).until(() -> database.queryLong("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name = 'realtime-change-feed'") == 0);
        assertThatThrownBy(() -> store.subscribe(reported::add)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStoreHasOneListener() {
        assertThatThrownBy(() -> store.subscribe(reported::add)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already");
    }

    private void awaitReported(RoomChange change) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(reported).contains(change));
    }

    /** The backend of this database's listening connection, waiting until there is exactly one. */
    private long listeningPid() {
        String query = "FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'";
        await().atMost(WAIT).until(() -> database.queryLong("SELECT count(*) " + query) == 1);
        return database.queryLong("SELECT pid " + query);
    }
}
