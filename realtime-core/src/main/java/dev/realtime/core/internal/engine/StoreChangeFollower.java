package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.RoomChangeFeed.RoomChange;
import dev.realtime.core.spi.store.RoomStore;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the in-memory rooms and memberships true to the store when someone else changes it (the CLI, another
 * application): each reported change is re-read from the store on the background writer thread, never on a
 * transport thread, and applied to memory. Internal.
 */
final class StoreChangeFollower {
    private final RoomStore store;
    private final RoomRegistry rooms;
    private final RoomAdministration administration;
    private final WriteBehind writer;
    /** Changes queued but not yet re-read: a burst of reports about one row costs one re-read. */
    private final Set<RoomChange> pending = ConcurrentHashMap.newKeySet();

    StoreChangeFollower(RoomStore store, RoomRegistry rooms, RoomAdministration administration, WriteBehind writer) {
        this.store = store;
        this.rooms = rooms;
        this.administration = administration;
        this.writer = writer;
    }

    /** Queues a re-read of what changed; called on the store's notification thread. */
    void changed(RoomChange change) {
        if (pending.add(change)) {
            writer.submitAndTrack(() -> {
                pending.remove(change);
                apply(change);
            }).exceptionally(failure -> {
                pending.remove(change);
                return null;
            });
        }
    }

    void apply(RoomChange change) {
        Optional<Room> room = store.findRoom(change.roomName());
        if (room.isEmpty()) {
            administration.forget(change.roomName());
            return;
        }
        RoomState state = rooms.upsert(room.get());
        if (change.userId() == null) {
            return;
        }
        Optional<Membership> membership = store.findMembership(change.roomName(), change.userId());
        synchronized (state) {
            if (membership.isPresent()) {
                rooms.putMember(state, membership.get());
            } else {
                rooms.removeMember(state, change.userId());
            }
        }
        if (membership.isPresent() && membership.get().banned()) {
            administration.expel(state, change.userId());
        }
    }
}
