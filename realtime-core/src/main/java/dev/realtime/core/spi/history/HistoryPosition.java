package dev.realtime.core.spi.history;

import java.util.Objects;

/**
 * A point in a room's message stream: the offset of a message and the epoch of the history that offset belongs to.
 * Offsets of one epoch increase by one per message; a new epoch (history lost, such as a restarted in-memory node or
 * a flushed Redis) makes older positions meaningless, which is how a client tells "nothing missed" from "history
 * gone".
 *
 * @param offset the room offset, 0 before the first message of the epoch
 * @param epoch  opaque, non-blank identifier of the history's lifetime
 */
public record HistoryPosition(long offset, String epoch) {
    public HistoryPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        Objects.requireNonNull(epoch, "epoch");
        if (epoch.isBlank()) {
            throw new IllegalArgumentException("epoch must not be blank");
        }
    }
}
