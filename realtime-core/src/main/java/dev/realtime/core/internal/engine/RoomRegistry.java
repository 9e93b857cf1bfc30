package dev.realtime.core.internal.engine;

import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.RoomStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory copy of rooms and memberships that every join and send consults; the store is the durable
 * copy. Keeps a user → rooms index so presence can find who shares a room with whom. Internal.
 */
final class RoomRegistry {
    private final Map<String, RoomState> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsByMember = new ConcurrentHashMap<>();

    /** Replaces the whole cache with what the store holds. */
    /** Every room, then every membership in one bulk read (not one read per room). */
    void load(RoomStore store) {
        for (Room room : store.loadRooms()) {
            upsert(room);
        }
        for (Membership m : store.loadMemberships()) {
            RoomState state = rooms.get(m.roomName());
            if (state != null) {
                putMember(state, m);
            }
        }
    }

    RoomState get(String name) {
        return rooms.get(name);
    }

    Collection<RoomState> all() {
        return rooms.values();
    }

    int size() {
        return rooms.size();
    }

    /** Creates the room's state, or replaces the room of an existing state (keeping members and subscribers). */
    RoomState upsert(Room room) {
        return rooms.compute(room.name(), (name, existing) -> {
            if (existing == null) {
                return new RoomState(room);
            }
            existing.setRoom(room);
            return existing;
        });
    }

    /** Creates the room only if absent; returns the state that is now registered. */
    RoomState createIfAbsent(Room room) {
        return rooms.computeIfAbsent(room.name(), n -> new RoomState(room));
    }

    RoomState remove(String name) {
        RoomState removed = rooms.remove(name);
        if (removed != null) {
            for (String user : removed.members().keySet()) {
                unindex(user, name);
            }
        }
        return removed;
    }

    void putMember(RoomState room, Membership m) {
        room.members().put(m.userId(), m);
        roomsByMember.computeIfAbsent(m.userId(), u -> ConcurrentHashMap.newKeySet()).add(m.roomName());
    }

    Membership removeMember(RoomState room, String userId) {
        Membership removed = room.members().remove(userId);
        if (removed != null) {
            unindex(userId, room.room().name());
        }
        return removed;
    }

    /** Names of the rooms where the user has a membership (banned included). */
    Set<String> roomsOf(String userId) {
        Set<String> names = roomsByMember.get(userId);
        return names == null ? Set.of() : names;
    }

    /** Names of the rooms where the user is a member in good standing, sorted. */
    List<String> activeMembershipsOf(String userId) {
        return roomsOf(userId).stream()
                .filter(name -> {
                    RoomState s = rooms.get(name);
                    Membership m = s == null ? null : s.membership(userId);
                    return m != null && !m.banned();
                })
                .sorted()
                .toList();
    }

    private void unindex(String userId, String roomName) {
        roomsByMember.computeIfPresent(userId, (u, set) -> {
            set.remove(roomName);
            return set.isEmpty() ? null : set;
        });
    }
}
