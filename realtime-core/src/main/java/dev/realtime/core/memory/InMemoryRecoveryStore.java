package dev.realtime.core.memory;

import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.recovery.AcceptedMessage;
import dev.realtime.core.spi.recovery.ParkedSession;
import dev.realtime.core.spi.recovery.RecoveryStore;
import dev.realtime.core.spi.recovery.SentMessageKey;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@link RecoveryStore} in the heap of one node: the default. A client recovers, and its resends are
 * recognised, only on the node it was connected to. Bounded by count (the oldest entries go first) and by time
 * to live on the node's clock.
 */
public final class InMemoryRecoveryStore implements RecoveryStore {
    /** Entries of each kind kept at most: a parked session is a few hundred bytes, an answer less. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** Expired entries are swept on every this many writes, so the sweep's cost is spread thin. */
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final ExpiringEntries<String, ParkedSession> sessions;
    private final ExpiringEntries<SentMessageKey, AcceptedMessage> sent;
    private int writes; // guarded by this

    /** @param clock measures the times to live */
    public InMemoryRecoveryStore(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /** @param capacity entries of each kind kept at most */
    public InMemoryRecoveryStore(Clock clock, int capacity) {
        this.clock = clock;
        this.sessions = new ExpiringEntries<>(capacity);
        this.sent = new ExpiringEntries<>(capacity);
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void park(String pid, ParkedSession session, Duration ttl) {
        Instant now = clock.now();
        sessions.put(pid, session, now.plus(ttl));
        sweepNowAndThen(now);
    }

    @Override
    public ParkedSession take(String pid) {
        return sessions.remove(pid, clock.now());
    }

    @Override
    public AcceptedMessage claim(SentMessageKey key, Duration ttl) {
        Instant now = clock.now();
        AcceptedMessage earlier = sent.putIfAbsent(key, AcceptedMessage.pending(), now.plus(ttl), now);
        sweepNowAndThen(now);
        return earlier;
    }

    @Override
    public void accepted(SentMessageKey key, AcceptedMessage answer, Duration ttl) {
        Instant now = clock.now();
        sent.put(key, answer, now.plus(ttl));
    }

    @Override
    public void release(SentMessageKey key) {
        sent.remove(key, clock.now());
    }

    /** Parked sessions and remembered sends held right now, expired ones not yet swept included. */
    public int size() {
        return sessions.size() + sent.size();
    }

    private void sweepNowAndThen(Instant now) {
        boolean due;
        synchronized (this) {
            due = ++writes % SWEEP_EVERY == 0;
        }
        if (due) {
            sessions.expire(now);
            sent.expire(now);
        }
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
