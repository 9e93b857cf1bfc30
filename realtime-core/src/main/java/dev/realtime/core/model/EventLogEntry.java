package dev.realtime.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the audit trail. The id is generated where the event happens so that a retried
 * write lands exactly once.
 *
 * @param id        idempotency key
 * @param type      kind of event
 * @param socketId  connection, may be null for server-side events
 * @param userId    user, may be null
 * @param roomName  room, may be null
 * @param payload   event payload, may be null
 * @param ip        remote address, may be null
 * @param createdAt when it happened
 */
public record EventLogEntry(UUID id, EventType type, String socketId, String userId, String roomName,
                            JsonNode payload, String ip, Instant createdAt) {
    public EventLogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
