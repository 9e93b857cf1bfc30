package dev.realtime.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.testkit.StoreSamples;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operators' read API over a small, known data set. */
class AdminQueriesIT {
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
    void fill() {
        database.sql("TRUNCATE realtime_rooms, realtime_room_members, realtime_connections, realtime_presence, "
                + "realtime_typing, realtime_events");
        store.saveRoom(Room.builder("general").build());
        store.saveRoom(Room.builder("ops").type(RoomType.BROADCAST).active(false).build());
        store.saveMembership(samples.member("general", "alice").withRole(MemberRole.ADMIN));
        store.saveMembership(samples.member("general", "bob"));
        store.saveMembership(samples.member("ops", "alice").withBanned(true));
        store.saveConnections(List.of(samples.openConnection("a1", "alice", 20),
                samples.openConnection("a2", "alice", 10),
                samples.openConnection("b1", "bob", 30).withDisconnectedAt(samples.at(0))));
        store.savePresence(List.of(samples.presence("alice", PresenceStatus.ONLINE), Presence.offline("bob")));
        store.appendEvents(List.of(samples.event(EventType.CONNECT, null, 1),
                samples.event(EventType.MESSAGE, "general", 2), samples.event(EventType.MESSAGE, "general", 3)));
    }

    @Test
    void statsCountEveryTable() {
        StoreStats stats = store.admin().stats();

        assertThat(stats.schemaVersion()).isEqualTo(4);
        assertThat(stats.rooms()).isEqualTo(2);
        assertThat(stats.activeRooms()).isEqualTo(1);
        assertThat(stats.memberships()).isEqualTo(3);
        assertThat(stats.openConnections()).isEqualTo(2);
        assertThat(stats.connectedUsers()).isEqualTo(1);
        assertThat(stats.usersByPresence()).containsEntry(PresenceStatus.ONLINE, 1L)
                .containsEntry(PresenceStatus.OFFLINE, 1L).containsEntry(PresenceStatus.AWAY, 0L);
        assertThat(stats.events()).isEqualTo(3);
        assertThat(stats.eventsLastHour()).isEqualTo(3);
        assertThat(stats.newestEventAt()).isEqualTo(samples.at(3));
    }

    @Test
    void roomsComeWithMemberAndOnlineCounts() {
        assertThat(store.admin().rooms())
                .extracting(s -> s.room().name(), RoomSummary::memberCount, RoomSummary::onlineMemberCount,
                        RoomSummary::bannedCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("general", 2L, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple("ops", 0L, 0L, 1L));
    }

    @Test
    void roomInfoListsMembersOrIsEmptyForAnUnknownRoom() {
        RoomDetails info = store.admin().roomInfo("general").orElseThrow();

        assertThat(info.summary().room().name()).isEqualTo("general");
        assertThat(info.members()).extracting(Membership::userId, Membership::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", MemberRole.ADMIN),
                        org.assertj.core.groups.Tuple.tuple("bob", MemberRole.MEMBER));
        assertThat(store.admin().roomInfo("nowhere")).isEmpty();
    }

    @Test
    void connectionsAndEventsAreNewestFirstWithTheTypeFilter() {
        assertThat(store.admin().connections(10)).extracting(ConnectionInfo::id).containsExactly("a2", "a1");
        assertThat(store.admin().events(10, EventType.MESSAGE)).extracting(EventLogEntry::createdAt)
                .containsExactly(samples.at(3), samples.at(2));
        assertThat(store.admin().events(1, null)).extracting(EventLogEntry::type).containsExactly(EventType.MESSAGE);
    }
}
