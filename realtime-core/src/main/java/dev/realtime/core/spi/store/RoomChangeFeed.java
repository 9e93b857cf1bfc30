package dev.realtime.core.spi.store;

import java.util.function.Consumer;

/**
 * Optional capability of a {@link Store}: reports rooms and memberships changed by anyone (the CLI, another
 * application, another node) so the engine's in-memory copy stays correct without a restart.
 *
 * <p>Guarantees: after {@link #subscribe} returns, every committed change to a room or a membership is reported
 * at least once, soon after it commits; reports may be duplicated or coalesced, and the engine's own writes are
 * reported too (the engine re-reads and finds nothing new). The listener is called on the store's own thread and
 * must not block; the engine only queues a reload.
 */
public interface RoomChangeFeed {
    /** Starts reporting changes to {@code listener}; called once by the engine when it starts. */
    void subscribe(Consumer<RoomChange> listener);

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
