package dev.realtime.core.spi.store;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Durable rooms and memberships. The engine serves reads from its own memory and calls this store only
 * at start-up, on explicit reloads, and from a background writer, never from a transport I/O thread.
 * Pluggable on its own ({@code Realtime.builder().roomStore(...)}), for example to keep rooms in the
 * application's own database.
 *
 * <p>Guarantees: thread-safe; writes are upserts keyed by room name (and user id for memberships), so
 * replaying a write is harmless; deleting a room deletes its memberships; failures are thrown as
 * {@link dev.realtime.core.RealtimeException} with code {@code UNAVAILABLE}.
 */
public interface RoomStore {
    /** Every room, active or not. */
    List<Room> loadRooms();

    Optional<Room> findRoom(String name);

    /** Inserts or replaces the room with this name. */
    void saveRoom(Room room);

    /** Deletes the room and its memberships; false when there was no such room. */
    boolean deleteRoom(String name);

    /** Memberships of one room, including banned and muted ones. */
    List<Membership> members(String roomName);

    /**
     * The membership of one user in one room, if any. The default scans {@link #members}; a database store
     * answers it with one keyed read.
     */
    default Optional<Membership> findMembership(String roomName, String userId) {
        return members(roomName).stream().filter(m -> m.userId().equals(userId)).findFirst();
    }

    /**
     * Every membership of every room, read by the engine once at start. The default asks {@link #members} room by
     * room; a database store answers it with one query.
     */
    default List<Membership> loadMemberships() {
        List<Membership> all = new ArrayList<>();
        for (Room room : loadRooms()) {
            all.addAll(members(room.name()));
        }
        return all;
    }

    /** Inserts or replaces the membership of {@code userId} in {@code roomName}; the room must exist. */
    void saveMembership(Membership membership);

    /** False when there was no such membership. */
    boolean removeMembership(String roomName, String userId);
}
