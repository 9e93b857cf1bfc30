package dev.realtime.core.spi.history;

import dev.realtime.core.model.ChatMessage;
import java.util.List;

/**
 * Keeps each room's recent messages, bounded per room, and assigns their room offsets.
 *
 * <p>Guarantees every implementation shows (the testkit's {@code HistoryContract} checks them):
 * <ul>
 *   <li>{@link #append} gives a room's messages offsets 1, 2, 3, ... within an epoch, each offset once, also when
 *       called from many threads (or, for a shared history, many nodes) at once;</li>
 *   <li>the epoch of a room stays the same as long as its history is intact; when the history is lost, the next
 *       append or read reports a new epoch and offsets start again from 1;</li>
 *   <li>{@link #read} answers oldest first and never returns a message trimmed by the room's
 *       {@link HistoryLimits} (count, and age measured on the clock the implementation was given);</li>
 *   <li>a message reads back equal to what {@link #append} returned.</li>
 * </ul>
 *
 * <p>The engine calls {@link #append} under the room's publish lock, so a history local to one node sees one
 * room's appends one at a time; reads come from any thread. Failures are {@code RealtimeException}s coded
 * {@code UNAVAILABLE}.
 */
public interface History extends AutoCloseable {
    /** Short name for logs and health reports, such as {@code memory}, {@code redis} or {@code postgres}. */
    String name();

    /**
     * Assigns the room's next offset to {@code message} (its {@code seq} is ignored), keeps it and trims the room
     * to {@code limits}.
     */
    Appended append(ChatMessage message, HistoryLimits limits);

    /** The room's newest offset (0 when nothing was appended in this epoch) and its epoch. */
    HistoryPosition position(String roomName);

    /** The room's kept messages that match {@code query}, oldest first. */
    List<ChatMessage> read(String roomName, HistoryQuery query);

    /**
     * Another node accepted a message of the room with this offset. A history that is local to one node moves its
     * counter past it, so offsets stay increasing in a cluster without a shared history; a shared history already
     * holds the message and ignores this.
     */
    default void observed(String roomName, long offset) {
    }

    @Override
    void close();
}
