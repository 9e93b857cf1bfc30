package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.testkit.StoreSamples;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each view returns what its name promises; triggers and foreign keys do their job. */
class ViewsIT {
    private static TestDatabase database;
    private static PostgresStore store;
    private final StoreSamples samples = new StoreSamples();

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
        store = PostgresStore.open(database.options().build());
    }

    @AfterAll
    static void dropDatabase() {
        store.close();
        database.close();
    }

    @BeforeEach
    void empty() {
        database.sql("TRUNCATE realtime_rooms, realtime_room_members, realtime_connections, realtime_presence, "
                + "realtime_typing, realtime_events");
    }

    @Test
    void roomStatsCountEachMemberOnceWhateverTheirConnections() {
        store.saveRoom(Room.builder("a").build());
        store.saveRoom(Room.builder("b").build());
        store.saveRoom(Room.builder("empty").build());
        for (String m : List.of("alice", "bob", "carol")) {
            store.saveMembership(samples.member("a", m));
        }
        store.saveMembership(samples.member("a", "carol").withBanned(true));
        store.saveMembership(samples.member("b", "alice"));
        store.saveConnections(List.of(samples.openConnection("alice-1", "alice", 10),
                samples.openConnection("alice-2", "alice", 5), samples.openConnection("carol-1", "carol", 5),
                samples.openConnection("dave-1", "dave", 5),
                samples.openConnection("bob-old", "bob", 50).withDisconnectedAt(samples.at(-40))));
        database.sql("INSERT INTO realtime_typing (room_id, user_id, expires_at) "
                + "SELECT id, 'alice', now() + interval '1 minute' FROM realtime_rooms WHERE name = 'a'");

        assertThat(rows("SELECT name, member_count, online_member_count, banned_count, typing_count "
                + "FROM realtime_room_stats ORDER BY name"))
                .containsExactly("a|2|1|1|1", "b|1|1|0|0", "empty|0|0|0|0");
    }

    @Test
    void activeConnectionsAreTheOpenOnesWithTheirAge() {
        store.saveConnections(List.of(samples.openConnection("open", "alice", 120),
                samples.openConnection("closed", "bob", 60).withDisconnectedAt(samples.at(0))));

        assertThat(rows("SELECT socket_id, connected_for >= interval '100 seconds', silent_for < interval '1 hour' "
                + "FROM realtime_active_connections")).containsExactly("open|t|t");
    }

    @Test
    void presenceSummaryHasEveryStatusAndCountsOnlyLiveCustomStatuses() {
        Instant now = Instant.now();
        store.savePresence(List.of(
                new Presence("a", PresenceStatus.ONLINE, new CustomStatus("here", null, null), now, 2),
                new Presence("b", PresenceStatus.ONLINE, new CustomStatus("gone", null,
                        now.minus(Duration.ofMinutes(1))), now, 1),
                new Presence("c", PresenceStatus.BUSY, null, now, 1),
                Presence.offline("d")));

        assertThat(rows("SELECT status, user_count, with_custom_status, connection_count "
                + "FROM realtime_presence_summary"))
                .containsExactly("online|2|1|3", "away|0|0|0", "busy|1|0|1", "offline|1|0|0");
    }

    @Test
    void roomUpdatedAtFollowsHandEditsButKeepsTheStoresOwnTime() {
        Room room = Room.builder("edited").createdAt(samples.at(-100)).updatedAt(samples.at(-100)).build();
        store.saveRoom(room);
        assertThat(store.findRoom("edited").orElseThrow().updatedAt()).isEqualTo(samples.at(-100));

        database.sql("UPDATE realtime_rooms SET max_members = 5 WHERE name = 'edited'");

        assertThat(store.findRoom("edited").orElseThrow().updatedAt()).isAfter(samples.at(-100));
    }

    @Test
    void presenceRowsAreStampedOnEveryWrite() {
        store.savePresence(List.of(Presence.offline("stamp")));
        database.sql("UPDATE realtime_presence SET updated_at = now() - interval '1 day' WHERE user_id = 'stamp'");
        assertThat(database.queryLong("SELECT count(*) FROM realtime_presence "
                + "WHERE user_id = 'stamp' AND updated_at > now() - interval '1 hour'")).isEqualTo(1);
    }

    @Test
    void deletingARoomDeletesItsMembersAndTypingButKeepsItsHistory() {
        store.saveRoom(Room.builder("gone").build());
        store.saveMembership(samples.member("gone", "alice"));
        database.sql("INSERT INTO realtime_typing (room_id, user_id, expires_at) "
                + "SELECT id, 'alice', now() + interval '1 minute' FROM realtime_rooms WHERE name = 'gone'");
        store.appendEvents(List.of(samples.event(dev.realtime.core.model.EventType.JOIN, "gone", 0)));

        store.deleteRoom("gone");

        assertThat(database.queryLong("SELECT count(*) FROM realtime_room_members")).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM realtime_typing")).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM realtime_events WHERE room_name = 'gone'")).isEqualTo(1);
    }

    private static List<String> rows(String query) {
        List<String> result = new ArrayList<>();
        try (Connection c = database.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    cells.add(rs.getString(i));
                }
                result.add(String.join("|", cells));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }
}
