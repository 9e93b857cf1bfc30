package dev.realtime.core.engine;

import dev.realtime.core.spi.history.HistoryPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Closed Socket.IO connections that may still be recovered: who they were and the rooms they had joined,
 * kept for the recovery window and bounded in number (the oldest go first). Per node. Internal.
 */
final class ParkedSessions {
    /** A closed connection's state. */
    record Parked(String userId, Map<String, HistoryPosition> joinedAt, Instant closedAt) {
    }

    private final int capacity;
    private final Duration window;
    /** Oldest first; guarded by this. */
    private final LinkedHashMap<String, Parked> byPid = new LinkedHashMap<>();

    ParkedSessions(int capacity, Duration window) {
        this.capacity = capacity;
        this.window = window;
    }

    synchronized void park(String pid, Parked parked) {
        byPid.put(pid, parked);
        Iterator<String> eldest = byPid.keySet().iterator();
        while (byPid.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Removes and returns the session of {@code pid} when it closed within the window, else null. */
    synchronized Parked take(String pid, Instant now) {
        Instant oldest = now.minus(window);
        Iterator<Parked> it = byPid.values().iterator();
        while (it.hasNext() && it.next().closedAt().isBefore(oldest)) {
            it.remove();
        }
        return byPid.remove(pid);
    }

    synchronized int size() {
        return byPid.size();
    }
}
