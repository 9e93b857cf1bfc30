package dev.realtime.bench.peer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per room, how many connections each user has in it: user:joined/user:left only for a user's first/last one. */
final class RoomUsers {
    private final Map<String, Map<String, Integer>> rooms = new ConcurrentHashMap<>();

    /** Counts one more connection of {@code user} in {@code room}; true if it is the user's first. */
    boolean add(String room, String user) {
        return rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).merge(user, 1, Integer::sum) == 1;
    }

    /** Counts one connection less; true if it was the user's last. */
    boolean remove(String room, String user) {
        Map<String, Integer> users = rooms.get(room);
        return users != null && users.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null) == null;
    }
}
