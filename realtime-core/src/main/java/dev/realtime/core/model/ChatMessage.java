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
 * @param seq       per-room increasing sequence number (assigned by the node that accepted the message)
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
