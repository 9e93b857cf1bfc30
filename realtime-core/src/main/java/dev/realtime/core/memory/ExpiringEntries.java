package dev.realtime.core.memory;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map whose entries expire at their own instant and whose size is capped, dropping the oldest entry first.
 * Thread-safe. Internal to the in-memory stores.
 */
final class ExpiringEntries<K, V> {
    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final int capacity;
    /** Insertion order, oldest first; guarded by this. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();

    ExpiringEntries(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void put(K key, V value, Instant expiresAt) {
        entries.remove(key); // re-inserted as the newest
        entries.put(key, new Entry<>(value, expiresAt));
        Iterator<K> eldest = entries.keySet().iterator();
        while (entries.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Puts {@code value} unless a live entry exists; returns that entry's value, or null when it was put. */
    synchronized V putIfAbsent(K key, V value, Instant expiresAt, Instant now) {
        V existing = get(key, now);
        if (existing == null) {
            put(key, value, expiresAt);
        }
        return existing;
    }

    synchronized V get(K key, Instant now) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!now.isBefore(e.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return e.value();
    }

    synchronized V remove(K key, Instant now) {
        V value = get(key, now);
        entries.remove(key);
        return value;
    }

    /** Drops expired entries; called now and then so that unread ones do not linger until evicted. */
    synchronized void expire(Instant now) {
        Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (!now.isBefore(it.next().getValue().expiresAt())) {
                it.remove();
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
