package dev.realtime.core.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** This node's open connections, by id and by user. Internal. */
final class ConnectionRegistry {
    private final Map<String, LocalConnection> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<LocalConnection>> byUser = new ConcurrentHashMap<>();

    void add(LocalConnection c) {
        byId.put(c.id(), c);
        byUser.computeIfAbsent(c.userId(), u -> ConcurrentHashMap.newKeySet()).add(c);
    }

    boolean remove(LocalConnection c) {
        boolean removed = byId.remove(c.id(), c);
        byUser.computeIfPresent(c.userId(), (u, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
        return removed;
    }

    LocalConnection get(String id) {
        return byId.get(id);
    }

    /** Open connections of one user on this node. */
    Collection<LocalConnection> ofUser(String userId) {
        Set<LocalConnection> set = byUser.get(userId);
        return set == null ? List.of() : set;
    }

    Collection<LocalConnection> all() {
        return byId.values();
    }

    List<LocalConnection> snapshot() {
        return new ArrayList<>(byId.values());
    }

    int size() {
        return byId.size();
    }
}
