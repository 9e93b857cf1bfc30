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
 * @param seq       per-room sequence number: increasing for the messages one node accepts, and moved forward by
 *                  messages from other nodes; two nodes sending at once may assign the same number, so order a
 *                  room's history by (seq, timestamp, id)
 * @param userId    sender
 * @param content   text
 * @param threadId  thread, may be null
 * @param metadata  free-form JSON object, may be null
 * @param timestamp when the server accepted it
 */
public record ChatMessage(UUID id, String roomName, long seq, String userId, String content, String threadId,
                          JsonNode metadata, Instant timestamp) {
    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
