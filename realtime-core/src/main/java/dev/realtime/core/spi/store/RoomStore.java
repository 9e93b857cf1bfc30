package dev.realtime.core.spi.store;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import java.util.List;
import java.util.Optional;

/**
 * Durable rooms and memberships. The engine serves reads from its own memory and calls this store only
 * at start-up, on explicit reloads, and from a background writer, never from a transport I/O thread.
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

    /** Memberships of one user in every room. */
    List<Membership> membershipsOf(String userId);

    /** Inserts or replaces the membership of {@code userId} in {@code roomName}; the room must exist. */
    void saveMembership(Membership membership);

    /** False when there was no such membership. */
    boolean removeMembership(String roomName, String userId);
}
