package dev.realtime.core.spi.recovery;

import java.time.Duration;

/**
 * Where reconnect state lives for the recovery window: parked Socket.IO sessions, and the client message ids
 * recently accepted. A store shared by the nodes of a cluster lets a client recover, and resend, on any node.
 *
 * <p>Guarantees every implementation shows (the testkit's {@code RecoveryStoreContract} checks them):
 * <ul>
 *   <li>{@link #take} returns a parked session at most once, also when many threads or nodes take it at once,
 *       and never after its time to live has passed;</li>
 *   <li>{@link #claim} lets exactly one of many concurrent first sends of a key through; the others, and later
 *       resends within the time to live, get the first send's {@link AcceptedMessage} once {@link #accepted} has
 *       recorded it (before that, {@link AcceptedMessage#pending()});</li>
 *   <li>entries are bounded: by count in memory, by time to live everywhere.</li>
 * </ul>
 *
 * <p>The engine calls these methods on transport threads; they may block for one round trip to a shared store.
 * Failures are {@code RealtimeException}s coded {@code UNAVAILABLE}.
 */
public interface RecoveryStore extends AutoCloseable {
    /** Short name for logs, such as {@code memory} or {@code redis}. */
    String name();

    /** Keeps a closed connection's session under its recovery id {@code pid} for {@code ttl}, replacing any. */
    void park(String pid, ParkedSession session, Duration ttl);

    /** Removes and returns the session parked under {@code pid}, or null when there is none (or it expired). */
    ParkedSession take(String pid);

    /**
     * Claims a client message id for a first send: null when this caller's send is the first one within
     * {@code ttl} (it must then call {@link #accepted} or {@link #release}), else the first send's answer, or
     * {@link AcceptedMessage#pending()} when the first send is still being processed (a shared store may wait a
     * moment for its answer first).
     */
    AcceptedMessage claim(SentMessageKey key, Duration ttl);

    /** Records the answer to a claimed first send, for its resends within {@code ttl}. */
    void accepted(SentMessageKey key, AcceptedMessage answer, Duration ttl);

    /** Gives up a claim whose send failed, so a resend is treated as a first send. */
    void release(SentMessageKey key);

    @Override
    void close();
}
