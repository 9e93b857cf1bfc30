package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.core.spi.store.EventQuery;
import dev.realtime.core.spi.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} implementation must show. An implementation runs it by extending this
 * class and returning a fresh, empty store from {@link #createStore()}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends StoreContract {
 *     protected Store createStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>Failures: a store throws {@link RealtimeException} with {@code UNAVAILABLE} when its backing service
 * fails (the engine's writer retries), and a {@link RealtimeException} with another code for a write it
 * refuses for good, such as {@code ROOM_NOT_FOUND} for a membership of a missing room (the writer gives up).
 *
 * <p>One {@link Nested} class per capability: rooms, memberships, connections, presence and the event log.
 * Each test gets its own store; {@link #releaseStore(Store)} runs after it (closing it by default).
 */
public abstract class StoreContract {
    /** The store under test, fresh for every test. */
    protected Store store;
    /** Sample values with times near now and names unique to this test. */
    protected StoreSamples samples;

    /** A new store holding no rooms, connections, presence or events. */
    protected abstract Store createStore();

    /** Cleanup hook, called after every test with the store {@link #createStore()} returned. */
    protected void releaseStore(Store used) {
        used.close();
    }

    @BeforeEach
    void openStore() {
        samples = new StoreSamples();
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            releaseStore(store);
        }
    }

    @Test
    @DisplayName("names itself and reports itself available")
    void identity() {
        assertThat(store.name()).isNotBlank();
        assertThat(store.isAvailable()).isTrue();
    }

    @Nested
    @DisplayName("rooms")
    class Rooms {
        @Test
        void savedRoomIsFoundWithEveryField() {
            Room room = samples.room(samples.unique("general"));
            store.saveRoom(room);

            assertThat(store.findRoom(room.name())).contains(room);
        }

        @Test
        void unknownRoomIsAbsent() {
            assertThat(store.findRoom(samples.unique("nowhere"))).isEmpty();
        }

        @Test
        void roomWithEmptySettingsAndEveryNameCharacterRoundTrips() {
            Room room = Room.builder(samples.unique("a.b:c@d#e_f-G9"))
                    .type(RoomType.BROADCAST).visibility(RoomVisibility.SECRET).active(false)
                    .createdAt(samples.at(-5)).build();
            store.saveRoom(room);

            assertThat(store.findRoom(room.name())).contains(room);
        }

        @Test
        void savingAgainReplacesTheRoom() {
            Room room = samples.room(samples.unique("general"));
            store.saveRoom(room);
            Room changed = room.toBuilder().type(RoomType.CHANNEL).visibility(RoomVisibility.PUBLIC).maxMembers(0)
                    .active(false).settings(Map.of("topic", "changed")).metadata(Map.of())
                    .updatedAt(samples.at(10)).build();
            store.saveRoom(changed);

            assertThat(store.findRoom(room.name())).contains(changed);
            assertThat(store.loadRooms()).containsExactly(changed);
        }

        @Test
        void loadRoomsReturnsActiveAndInactiveRooms() {
            Room active = samples.room(samples.unique("active"));
            Room inactive = samples.room(samples.unique("inactive")).toBuilder().active(false).build();
            store.saveRoom(active);
            store.saveRoom(inactive);

            assertThat(store.loadRooms()).containsExactlyInAnyOrder(active, inactive);
        }

        @Test
        void deleteRemovesTheRoomAndReportsWhetherItExisted() {
            Room room = samples.room(samples.unique("doomed"));
            store.saveRoom(room);

            assertThat(store.deleteRoom(room.name())).isTrue();
            assertThat(store.findRoom(room.name())).isEmpty();
            assertThat(store.loadRooms()).isEmpty();
            assertThat(store.deleteRoom(room.name())).isFalse();
        }

        @Test
        void deletingARoomDeletesItsMemberships() {
            Room room = samples.room(samples.unique("doomed"));
            Room other = samples.room(samples.unique("kept"));
            store.saveRoom(room);
            store.saveRoom(other);
            store.saveMembership(samples.member(room.name(), "alice"));
            store.saveMembership(samples.member(other.name(), "alice"));

            store.deleteRoom(room.name());

            assertThat(store.members(room.name())).isEmpty();
            assertThat(store.membershipsOf("alice")).extracting(Membership::roomName).containsExactly(other.name());
        }

        @Test
        void aDeletedRoomCanBeCreatedAgainWithoutItsOldMembers() {
            Room room = samples.room(samples.unique("phoenix"));
            store.saveRoom(room);
            store.saveMembership(samples.member(room.name(), "alice"));
            store.deleteRoom(room.name());

            store.saveRoom(room);

            assertThat(store.findRoom(room.name())).contains(room);
            assertThat(store.members(room.name())).isEmpty();
        }
    }

    @Nested
    @DisplayName("memberships")
    class Memberships {
        private Room room;

        @BeforeEach
        void createRoom() {
            room = samples.room(samples.unique("team"));
            store.saveRoom(room);
        }

        @Test
        void savedMembershipIsListedForTheRoomAndTheUser() {
            Membership alice = samples.member(room.name(), "alice");
            store.saveMembership(alice);

            assertThat(store.members(room.name())).containsExactly(alice);
            assertThat(store.membershipsOf("alice")).containsExactly(alice);
        }

        @Test
        void membershipWithoutLastSeenRoundTrips() {
            Membership m = new Membership(room.name(), "carol", MemberRole.GUEST, false, false, samples.at(-1), null);
            store.saveMembership(m);

            assertThat(store.members(room.name())).containsExactly(m);
        }

        @Test
        void savingAgainReplacesRoleMuteBanAndLastSeen() {
            Membership alice = samples.member(room.name(), "alice");
            store.saveMembership(alice);
            Membership changed = alice.withRole(MemberRole.MODERATOR).withMuted(true).withBanned(true)
                    .withLastSeenAt(samples.at(30));
            store.saveMembership(changed);

            assertThat(store.members(room.name())).containsExactly(changed);
        }

        @Test
        void mutedAndBannedMembersAreListed() {
            Membership muted = samples.member(room.name(), "muted").withMuted(true);
            Membership banned = samples.member(room.name(), "banned").withBanned(true);
            Membership admin = samples.member(room.name(), "admin").withRole(MemberRole.ADMIN);
            store.saveMembership(muted);
            store.saveMembership(banned);
            store.saveMembership(admin);

            assertThat(store.members(room.name())).containsExactlyInAnyOrder(muted, banned, admin);
        }

        @Test
        void membershipsOfAUserSpanRooms() {
            Room second = samples.room(samples.unique("second"));
            store.saveRoom(second);
            Membership first = samples.member(room.name(), "alice");
            Membership other = samples.member(second.name(), "alice").withRole(MemberRole.ADMIN);
            store.saveMembership(first);
            store.saveMembership(other);
            store.saveMembership(samples.member(room.name(), "bob"));

            assertThat(store.membershipsOf("alice")).containsExactlyInAnyOrder(first, other);
            assertThat(store.membershipsOf("nobody")).isEmpty();
        }

        @Test
        void unknownRoomHasNoMembers() {
            assertThat(store.members(samples.unique("nowhere"))).isEmpty();
        }

        @Test
        void removeReportsWhetherTheMembershipExisted() {
            store.saveMembership(samples.member(room.name(), "alice"));

            assertThat(store.removeMembership(room.name(), "alice")).isTrue();
            assertThat(store.members(room.name())).isEmpty();
            assertThat(store.removeMembership(room.name(), "alice")).isFalse();
            assertThat(store.removeMembership(samples.unique("nowhere"), "alice")).isFalse();
        }

        @Test
        void membershipOfAMissingRoomIsRefusedAsRoomNotFound() {
            Membership orphan = samples.member(samples.unique("nowhere"), "alice");

            assertThatThrownBy(() -> store.saveMembership(orphan))
                    .isInstanceOfSatisfying(RealtimeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND));
            assertThat(store.membershipsOf("alice")).isEmpty();
        }

        @Test
        void savingTheRoomAgainKeepsItsMemberships() {
            Membership alice = samples.member(room.name(), "alice");
            store.saveMembership(alice);

            store.saveRoom(room.toBuilder().maxMembers(99).build());

            assertThat(store.members(room.name())).containsExactly(alice);
        }

        @Test
        void concurrentWritersLoseNoMembership() throws Exception {
            int writers = 4;
            int perWriter = 25;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perWriter; i++) {
                            store.saveMembership(samples.member(room.name(), "user-" + writer + "-" + i));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(store.members(room.name())).hasSize(writers * perWriter);
        }
    }

    @Nested
    @DisplayName("connections")
    class Connections {
        @Test
        void openConnectionsAreListedNewestFirstWithEveryField() {
            ConnectionInfo old = samples.openConnection("c-old", "alice", 300);
            ConnectionInfo mid = samples.bareConnection("c-mid", "anon-1", 200);
            ConnectionInfo recent = samples.openConnection("c-new", "bob", 100);
            store.saveConnections(List.of(mid, old, recent));

            assertThat(store.openConnections(10)).containsExactly(recent, mid, old);
        }

        @Test
        void limitKeepsTheNewest() {
            List<ConnectionInfo> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(samples.openConnection("c-" + i, "user-" + i, 100 - i));
            }
            store.saveConnections(batch);

            assertThat(store.openConnections(3)).extracting(ConnectionInfo::id).containsExactly("c-9", "c-8", "c-7");
        }

        @Test
        void savingAgainUpdatesTheRow() {
            ConnectionInfo c = samples.openConnection("c-1", "alice", 10);
            store.saveConnections(List.of(c));
            store.saveConnections(List.of(c.withLatency(250)));

            assertThat(store.openConnections(10)).containsExactly(c.withLatency(250));
        }

        @Test
        void closedConnectionsAreNotOpen() {
            ConnectionInfo stays = samples.openConnection("c-stays", "alice", 20);
            ConnectionInfo leaves = samples.openConnection("c-leaves", "bob", 10);
            store.saveConnections(List.of(stays, leaves));
            store.saveConnections(List.of(leaves.withDisconnectedAt(samples.at(0))));

            assertThat(store.openConnections(10)).containsExactly(stays);
        }

        @Test
        void aReplayedOpenRowDoesNotReopenAClosedConnection() {
            ConnectionInfo open = samples.openConnection("c-1", "alice", 10);
            store.saveConnections(List.of(open));
            store.saveConnections(List.of(open.withDisconnectedAt(samples.at(0))));

            store.saveConnections(List.of(open));

            assertThat(store.openConnections(10)).isEmpty();
        }

        @Test
        void aClosedRowWinsWithinOneBatchInEitherOrder() {
            ConnectionInfo first = samples.openConnection("c-1", "alice", 10);
            ConnectionInfo second = samples.openConnection("c-2", "bob", 10);
            store.saveConnections(List.of(first, first.withDisconnectedAt(samples.at(0)),
                    second.withDisconnectedAt(samples.at(0)), second.withLatency(5)));

            assertThat(store.openConnections(10)).isEmpty();
        }

        @Test
        void aConnectionFirstSeenClosedIsNeverOpen() {
            ConnectionInfo c = samples.openConnection("c-1", "alice", 10);
            store.saveConnections(List.of(c.withDisconnectedAt(samples.at(0))));
            store.saveConnections(List.of(c));

            assertThat(store.openConnections(10)).isEmpty();
        }

        @Test
        void emptyBatchIsHarmless() {
            store.saveConnections(List.of());

            assertThat(store.openConnections(10)).isEmpty();
        }
    }

    @Nested
    @DisplayName("presence")
    class PresenceSnapshots {
        @Test
        void savedSnapshotsAreLoadedWithEveryField() {
            Presence alice = samples.presence("alice", PresenceStatus.BUSY);
            Presence bob = new Presence("bob", PresenceStatus.ONLINE, new CustomStatus("coding", null, null), null, 1);
            store.savePresence(List.of(alice, bob));

            assertThat(store.loadPresence(List.of("alice", "bob"))).containsExactlyInAnyOrder(alice, bob);
        }

        @Test
        void usersNeverSavedAreAbsent() {
            store.savePresence(List.of(samples.presence("alice", PresenceStatus.ONLINE)));

            assertThat(store.loadPresence(List.of("alice", "ghost"))).extracting(Presence::userId)
                    .containsExactly("alice");
            assertThat(store.loadPresence(List.of())).isEmpty();
        }

        @Test
        void savingAgainReplacesTheSnapshot() {
            store.savePresence(List.of(samples.presence("alice", PresenceStatus.ONLINE)));
            Presence offline = Presence.offline("alice");
            store.savePresence(List.of(offline));

            assertThat(store.loadPresence(List.of("alice"))).containsExactly(offline);
        }

        @Test
        void theLastSnapshotOfAUserInOneBatchWins() {
            Presence away = samples.presence("alice", PresenceStatus.AWAY);
            Presence online = new Presence("alice", PresenceStatus.ONLINE, null, samples.at(1), 3);
            store.savePresence(List.of(away, online));

            assertThat(store.loadPresence(List.of("alice"))).containsExactly(online);
        }

        @Test
        void replayingABatchIsHarmless() {
            List<Presence> batch = List.of(samples.presence("alice", PresenceStatus.AWAY), Presence.offline("bob"));
            store.savePresence(batch);
            store.savePresence(batch);

            assertThat(store.loadPresence(List.of("alice", "bob"))).containsExactlyInAnyOrderElementsOf(batch);
        }
    }

    @Nested
    @DisplayName("event log")
    class EventLog {
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
}
