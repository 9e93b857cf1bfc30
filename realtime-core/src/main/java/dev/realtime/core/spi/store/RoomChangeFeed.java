package dev.realtime.core.spi.store;

import java.util.function.Consumer;

/**
 * Optional capability of a {@link Store}: reports rooms and memberships changed by anyone (the CLI, another
 * application, another node) so the engine's in-memory copy stays correct without a restart.
 *
 * <p>Guarantees: after {@link #subscribe} returns, every committed change to a room or a membership is reported
 * at least once, soon after it commits, until the subscription is closed; reports may be duplicated or
 * coalesced, and the engine's own writes are reported too (the engine re-reads and finds nothing new). Once
 * {@link Subscription#close()} returns, the listener is not called again, and the feed may be subscribed to
 * anew. The listener is called on the store's own thread (or the writing thread) and must not block; the engine
 * only queues a reload. Every implementation passes the testkit's {@code RoomChangeFeedContract}.
 */
public interface RoomChangeFeed {
    /**
     * Starts reporting changes to {@code listener}; the engine subscribes when it starts and closes the
     * subscription when it stops.
     *
     * @throws IllegalStateException when the feed already has a listener (a feed may allow only one) or is closed
     */
    Subscription subscribe(Consumer<RoomChange> listener);

    /** Ends reporting to one listener. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        /** Stops the reports; idempotent; no listener call starts after it returns. */
        @Override
        void close();
    }

    /**
     * One change.
     *
     * @param roomName the room
     * @param userId   the member whose membership changed, or null when the room itself changed (created,
     *                 updated, deleted)
     */
    record RoomChange(String roomName, String userId) {
        public RoomChange {
            java.util.Objects.requireNonNull(roomName, "roomName");
        }
    }
}
