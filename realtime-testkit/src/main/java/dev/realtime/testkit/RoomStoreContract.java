package dev.realtime.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.core.spi.store.RoomStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoomStore} must show, whether it is part of a whole {@code Store} or plugged in on its
 * own ({@code Realtime.builder().roomStore(...)}, for example rooms kept in the application's own database):
 *
 * <pre>{@code
 * class MyRoomStoreContractTest extends RoomStoreContract {
 *     protected RoomStore createRoomStore() { return new MyRoomStore(...); }
 * }
 * }</pre>
 *
 * <p>A store throws {@link RealtimeException} with {@code UNAVAILABLE} when its backing service fails, and with
 * another code for a write it refuses for good, such as {@code ROOM_NOT_FOUND} for a membership of a missing room.
 */
public abstract class RoomStoreContract {
    /** The part under test, fresh for every test. */
    protected RoomStore store;
    /** Sample values with times near now and names unique to this test. */
    protected StoreSamples samples;

    /** A new, empty room store. */
    protected abstract RoomStore createRoomStore();

    /** Cleanup hook, called after every test with what {@link #createRoomStore()} returned; closes it by default. */
    protected void releaseRoomStore(RoomStore used) throws Exception {
        if (used instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void openPart() {
        samples = new StoreSamples();
        store = createRoomStore();
    }

    @AfterEach
    void closePart() throws Exception {
        if (store != null) {
            releaseRoomStore(store);
        }
    }

    /** A saved room named uniquely for this test. */
    protected Room savedRoom() {
        Room room = samples.room(samples.unique("team"));
        store.saveRoom(room);
        return room;
    }

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
        assertThat(store.findMembership(room.name(), "alice")).isEmpty();
        assertThat(store.findMembership(other.name(), "alice")).isPresent();
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

    @Test
    void savedMembershipIsListedForTheRoomAndTheUser() {
        Room room = savedRoom();
        Membership alice = samples.member(room.name(), "alice");
        store.saveMembership(alice);

        assertThat(store.members(room.name())).containsExactly(alice);
        assertThat(store.findMembership(room.name(), "alice")).contains(alice);
    }

    @Test
    void membershipWithoutLastSeenRoundTrips() {
        Room room = savedRoom();
        Membership m = new Membership(room.name(), "carol", MemberRole.GUEST, false, false, samples.at(-1), null);
        store.saveMembership(m);

        assertThat(store.members(room.name())).containsExactly(m);
    }

    @Test
    void savingAgainReplacesRoleMuteBanAndLastSeen() {
        Room room = savedRoom();
        Membership alice = samples.member(room.name(), "alice");
        store.saveMembership(alice);
        Membership changed = alice.withRole(MemberRole.MODERATOR).withMuted(true).withBanned(true)
                .withLastSeenAt(samples.at(30));
        store.saveMembership(changed);

        assertThat(store.members(room.name())).containsExactly(changed);
    }

    @Test
    void mutedAndBannedMembersAreListed() {
        Room room = savedRoom();
        Membership muted = samples.member(room.name(), "muted").withMuted(true);
        Membership banned = samples.member(room.name(), "banned").withBanned(true);
        Membership admin = samples.member(room.name(), "admin").withRole(MemberRole.ADMIN);
        store.saveMembership(muted);
        store.saveMembership(banned);
        store.saveMembership(admin);

        assertThat(store.members(room.name())).containsExactlyInAnyOrder(muted, banned, admin);
    }

    @Test
    void findMembershipAndLoadMembershipsSpanRooms() {
        Room room = savedRoom();
        Room second = samples.room(samples.unique("second"));
        store.saveRoom(second);
        Membership first = samples.member(room.name(), "alice");
        Membership other = samples.member(second.name(), "alice").withRole(MemberRole.ADMIN);
        store.saveMembership(first);
        store.saveMembership(other);
        Membership bob = samples.member(room.name(), "bob");
        store.saveMembership(bob);

        assertThat(store.findMembership(room.name(), "alice")).contains(first);
        assertThat(store.findMembership(second.name(), "alice")).contains(other);
        assertThat(store.findMembership(second.name(), "bob")).isEmpty();
        assertThat(store.findMembership(samples.unique("nowhere"), "alice")).isEmpty();
        assertThat(store.loadMemberships()).containsExactlyInAnyOrder(first, other, bob);
    }

    @Test
    void unknownRoomHasNoMembers() {
        Room room = savedRoom();
        assertThat(store.members(samples.unique("nowhere"))).isEmpty();
    }

    @Test
    void removeReportsWhetherTheMembershipExisted() {
        Room room = savedRoom();
        store.saveMembership(samples.member(room.name(), "alice"));

        assertThat(store.removeMembership(room.name(), "alice")).isTrue();
        assertThat(store.members(room.name())).isEmpty();
        assertThat(store.removeMembership(room.name(), "alice")).isFalse();
        assertThat(store.removeMembership(samples.unique("nowhere"), "alice")).isFalse();
    }

    @Test
    void membershipOfAMissingRoomIsRefusedAsRoomNotFound() {
        Room room = savedRoom();
        Membership orphan = samples.member(samples.unique("nowhere"), "alice");

        assertThatThrownBy(() -> store.saveMembership(orphan))
                .isInstanceOfSatisfying(RealtimeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROOM_NOT_FOUND));
        assertThat(store.findMembership(orphan.roomName(), "alice")).isEmpty();
    }

    @Test
    void savingTheRoomAgainKeepsItsMemberships() {
        Room room = savedRoom();
        Membership alice = samples.member(room.name(), "alice");
        store.saveMembership(alice);

        store.saveRoom(room.toBuilder().maxMembers(99).build());

        assertThat(store.members(room.name())).containsExactly(alice);
    }

    @Test
    void concurrentWritersLoseNoMembership() throws Exception {
        Room room = savedRoom();
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
