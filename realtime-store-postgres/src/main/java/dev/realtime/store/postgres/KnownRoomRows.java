package dev.realtime.store.postgres;

import dev.realtime.core.spi.store.RoomChangeFeed.RoomChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rooms and memberships the change feed believes exist, kept up to date from the notifications.
 *
 * <p>Notifications sent while the feed was disconnected are lost. After a reconnect the feed reads every room
 * and membership again and reports the union of that and of this set: what exists now is re-read, and what
 * was deleted meanwhile (only this set still remembers it) is re-read too, so a node forgets it. Confined to
 * the feed's thread.
 */
final class KnownRoomRows {
    private final Map<String, Set<String>> membersByRoom = new HashMap<>();

    /** Follows one notification. */
    void apply(RoomChangeNotice notice) {
        if (notice.user() == null) {
            if (notice.op() == RoomChangeNotice.Op.DELETE) {
                membersByRoom.remove(notice.room());
            } else {
                membersByRoom.computeIfAbsent(notice.room(), r -> new HashSet<>());
            }
            return;
        }
        if (notice.op() == RoomChangeNotice.Op.DELETE) {
            Set<String> members = membersByRoom.get(notice.room());
            if (members != null) {
                members.remove(notice.user());
            }
        } else {
            membersByRoom.computeIfAbsent(notice.room(), r -> new HashSet<>()).add(notice.user());
        }
    }

    /**
     * Replaces what is known about one room (null members: the room is gone) and returns the changes to
     * report: the room itself, then every member it had or has.
     */
    List<RoomChange> replaceRoom(String room, Set<String> members) {
        Set<String> before = members == null ? membersByRoom.remove(room)
                : membersByRoom.put(room, new HashSet<>(members));
        Set<String> users = new LinkedHashSet<>();
        if (before != null) {
            users.addAll(before);
        }
        if (members != null) {
            users.addAll(members);
        }
        List<RoomChange> changes = new ArrayList<>(users.size() + 1);
        changes.add(new RoomChange(room, null));
        for (String user : users) {
            changes.add(new RoomChange(room, user));
        }
        return changes;
    }

    /**
     * Replaces everything with a fresh read of the database and returns the changes to report: every room and
     * membership that exists now or was known before.
     */
    List<RoomChange> replaceAll(Map<String, Set<String>> now) {
        Set<String> rooms = new LinkedHashSet<>(membersByRoom.keySet());
        rooms.addAll(now.keySet());
        List<RoomChange> changes = new ArrayList<>();
        for (String room : rooms) {
            changes.addAll(replaceRoom(room, now.get(room)));
        }
        return changes;
    }

    /** Number of rooms known, for tests. */
    int rooms() {
        return membersByRoom.size();
    }
}
