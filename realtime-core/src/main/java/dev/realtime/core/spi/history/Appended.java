package dev.realtime.core.spi.history;

import dev.realtime.core.model.ChatMessage;

/**
 * A message as a {@link History} kept it.
 *
 * @param message the message, its {@code seq} set to the room offset the history assigned
 * @param epoch   the room's epoch the offset belongs to
 */
public record Appended(ChatMessage message, String epoch) {
    public HistoryPosition position() {
        return new HistoryPosition(message.seq(), epoch);
    }
}
