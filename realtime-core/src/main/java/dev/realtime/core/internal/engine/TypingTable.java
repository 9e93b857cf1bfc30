package dev.realtime.core.internal.engine;

import dev.realtime.core.spi.Scheduler.Cancellable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Who is typing in one room, per thread, across the cluster. All methods are synchronized: the table is
 * small and touched by transport threads, the timer and the bus thread. Internal.
 */
final class TypingTable {
    /** One user typing in one thread; {@code node} is the node that holds the typist's connection. */
    static final class Entry {
        final String threadId;
        final String userId;
        final String node;
        final Instant startedAt;
        /** The wall-clock expiry, as told to other nodes. */
        Instant expiresAt;
        /** The same expiry on this node's ticker, which the timer follows (a wall-clock step does not move it). */
        long deadlineNanos;
        Cancellable expiry;

        Entry(String threadId, String userId, String node, Instant startedAt, Instant expiresAt, long deadlineNanos) {
            this.threadId = threadId;
            this.userId = userId;
            this.node = node;
            this.startedAt = startedAt;
            this.expiresAt = expiresAt;
            this.deadlineNanos = deadlineNanos;
        }

        void extend(Instant newExpiresAt, long newDeadlineNanos) {
            expiresAt = newExpiresAt;
            deadlineNanos = newDeadlineNanos;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();

    private static String key(String threadId, String userId) {
        return (threadId == null ? "" : threadId) + '\u0000' + userId;
    }

    synchronized Entry get(String threadId, String userId) {
        return entries.get(key(threadId, userId));
    }

    /** Adds or replaces; returns the previous entry, whose timer the caller cancels. */
    synchronized Entry put(Entry e) {
        return entries.put(key(e.threadId, e.userId), e);
    }

    synchronized Entry remove(String threadId, String userId) {
        return entries.remove(key(threadId, userId));
    }

    /** Removes {@code e} only if it is still the current entry (a refreshed entry is a different object). */
    synchronized boolean removeIfCurrent(Entry e) {
        return entries.remove(key(e.threadId, e.userId), e);
    }

    /** Removes and returns every entry matching {@code filter}. */
    synchronized List<Entry> removeAll(Predicate<Entry> filter) {
        List<Entry> removed = new ArrayList<>();
        entries.values().removeIf(e -> {
            if (filter.test(e)) {
                removed.add(e);
                return true;
            }
            return false;
        });
        return removed;
    }

    /** Typists of one thread, oldest first. */
    synchronized List<Entry> inThread(String threadId) {
        List<Entry> result = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (Objects.equals(e.threadId, threadId)) {
                result.add(e);
            }
        }
        result.sort(Comparator.comparing((Entry e) -> e.startedAt).thenComparing(e -> e.userId));
        return result;
    }

    synchronized List<Entry> all() {
        return new ArrayList<>(entries.values());
    }
}
