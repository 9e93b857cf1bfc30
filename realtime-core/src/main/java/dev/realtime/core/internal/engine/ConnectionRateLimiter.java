package dev.realtime.core.internal.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts new connections per IP address in fixed one-minute windows. The table is bounded: stale windows are
 * pruned, and when it is still full a new address is refused rather than growing memory (an address flood
 * is an attack, not a crowd).
 */
final class ConnectionRateLimiter {
    private static final long WINDOW_MILLIS = 60_000;

    private final int perMinute;
    private final int maxAddresses;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    ConnectionRateLimiter(int perMinute, int maxAddresses) {
        this.perMinute = perMinute;
        this.maxAddresses = maxAddresses;
    }

    /** Records one attempt; false when this address is over its limit. */
    boolean tryAcquire(String ip, long nowMillis) {
        String key = ip == null ? "unknown" : ip;
        if (windows.size() >= maxAddresses && !windows.containsKey(key)) {
            prune(nowMillis);
            if (windows.size() >= maxAddresses) {
                return false;
            }
        }
        Window w = windows.computeIfAbsent(key, k -> new Window(nowMillis));
        synchronized (w) {
            if (nowMillis - w.start >= WINDOW_MILLIS) {
                w.start = nowMillis;
                w.count = 0;
            }
            if (w.count >= perMinute) {
                return false;
            }
            w.count++;
            return true;
        }
    }

    void prune(long nowMillis) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next().start >= WINDOW_MILLIS) {
                it.remove();
            }
        }
    }

    private static final class Window {
        long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }
}
