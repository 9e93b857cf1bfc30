package dev.realtime.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message sent to a room.
 *
 * @param id        unique id
 * @param roomName  room
 * @param seq       the room offset the message history assigned: 1, 2, 3, ... per room within the history's
 *                  epoch (see {@link dev.realtime.core.spi.history.History}); unique across nodes when the
 *                  history is shared, per node with the in-memory history
 * @param userId    sender
 * @param content   text
 * @param threadId  thread, may be null
 * @param metadata  free-form JSON object, may be null
 * @param timestamp when the server accepted it
 * @param clientMessageId the sender's own id of the message, so a resend after a reconnect is recognised; may be
 *                  null
 */
public record ChatMessage(UUID id, String roomName, long seq, String userId, String content, String threadId,
                          JsonNode metadata, Instant timestamp, String clientMessageId) {
    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A message without a client-supplied id. */
    public ChatMessage(UUID id, String roomName, long seq, String userId, String content, String threadId,
                       JsonNode metadata, Instant timestamp) {
        this(id, roomName, seq, userId, content, threadId, metadata, timestamp, null);
    }

    /** This message with another room offset. */
    public ChatMessage withSeq(long offset) {
        return new ChatMessage(id, roomName, offset, userId, content, threadId, metadata, timestamp, clientMessageId);
    }
}
