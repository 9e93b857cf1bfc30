package dev.realtime.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The other nodes heard from recently, each with when (on the monotonic ticker, millis). Internal. */
final class ClusterPeers {
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    /** Records a message from {@code node}; true when the node was not known (new, or back from the dead). */
    boolean heard(String node, long nowMillis) {
        return lastSeen.put(node, nowMillis) == null;
    }

    /** Removes and returns the nodes last heard before {@code deadlineMillis}. */
    List<String> expire(long deadlineMillis) {
        List<String> silent = new ArrayList<>();
        for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
            if (e.getValue() < deadlineMillis && lastSeen.remove(e.getKey(), e.getValue())) {
                silent.add(e.getKey());
            }
        }
        return silent;
    }

    void remove(String node) {
        lastSeen.remove(node);
    }

    boolean isEmpty() {
        return lastSeen.isEmpty();
    }

    int size() {
        return lastSeen.size();
    }

    Set<String> names() {
        return Set.copyOf(lastSeen.keySet());
    }
}
