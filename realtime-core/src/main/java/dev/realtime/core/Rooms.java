package dev.realtime.core;

import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import java.util.List;
import java.util.Optional;

/**
 * Room and membership administration for server code. Changes take effect in memory at once, on every node
 * through the bus, and are written to the store by the background writer; each write method waits (a few
 * seconds at most) for the store and throws {@code UNAVAILABLE} when it did not confirm: the change is then live
 * but not yet durable, and the writer keeps retrying it.
 */
public interface Rooms {
    /** Creates a room; {@code VALIDATION_ERROR} when one with that name exists. */
    Room create(Room room);

    /** Creates the room unless one with that name exists; returns the room now registered. */
    Room createIfAbsent(Room room);

    /** Replaces an existing room's type, visibility, limits, settings and metadata; {@code ROOM_NOT_FOUND} otherwise. */
    Room update(Room room);

    /** Deletes a room and its memberships and unsubscribes its connections; false when there was none. */
    boolean delete(String name);

    Optional<Room> get(String name);

    /** Every room, sorted by name. */
    List<Room> list();

    /** Memberships of a room; {@code ROOM_NOT_FOUND} when there is no such room. */
    List<Membership> members(String roomName);

    /** Adds (or changes the role of) a member. */
    Membership addMember(String roomName, String userId, MemberRole role);

    /** Replaces a membership (role, muted, banned); a banned user's connections leave the room at once. */
    Membership updateMember(Membership membership);

    /** Removes a membership (a ban is removed too); false when there was none. */
    boolean removeMember(String roomName, String userId);

    /** Local subscribers of the room on this node. */
    int onlineCount(String roomName);
}
