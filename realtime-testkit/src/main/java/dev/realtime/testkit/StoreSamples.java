package dev.realtime.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import dev.realtime.core.model.TransportKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sample values for store tests. Times are whole milliseconds near the present, so they survive any store
 * with at least millisecond precision and are never old enough for a retention job to delete them.
 */
public final class StoreSamples {
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

    /** A point in time {@code seconds} after this sample set's base time (negative for earlier). */
    public Instant at(long seconds) {
        return base.plusSeconds(seconds);
    }

    /** A name unique to this sample set, usable as room name or user id. */
    public String unique(String name) {
        return prefix + "-" + name;
    }

    /** A public channel with settings and metadata. */
    public Room room(String name) {
        return Room.builder(name)
                .type(RoomType.GROUP)
                .visibility(RoomVisibility.PRIVATE)
                .maxMembers(25)
                .settings(Map.of("slowModeSeconds", 5, "topic", "release planning"))
                .metadata(Map.of("owner", "alice", "tags", List.of("a", "b"), "nested", Map.of("flag", true)))
                .createdAt(at(-60))
                .updatedAt(at(-30))
                .build();
    }

    public Membership member(String roomName, String userId) {
        return new Membership(roomName, userId, MemberRole.MEMBER, false, false, at(-20), at(-10));
    }

    /** An open connection of {@code userId} that opened {@code secondsAgo} seconds before the base time. */
    public ConnectionInfo openConnection(String id, String userId, long secondsAgo) {
        return new ConnectionInfo(id, userId, "session-" + id, false, TransportKind.SOCKET_IO, "node-1",
                "203.0.113.7", "Mozilla/5.0 (X11)", Map.of("os", "linux", "app", "web"), at(-secondsAgo), 12,
                null);
    }

    /** An anonymous connection with every optional field absent. */
    public ConnectionInfo bareConnection(String id, String userId, long secondsAgo) {
        return new ConnectionInfo(id, userId, null, true, TransportKind.WEBSOCKET_JSON, null, null, null, null,
                at(-secondsAgo), -1, null);
    }

    public Presence presence(String userId, PresenceStatus status) {
        return new Presence(userId, status, new CustomStatus("in a meeting", "📅", at(3600)), at(-5), 2);
    }

    /** An event of {@code type} in {@code roomName} at {@code secondsFromBase}, with a JSON payload. */
    public EventLogEntry event(EventType type, String roomName, long secondsFromBase) {
        ObjectNode payload = Json.object();
        payload.put("content", "hello " + secondsFromBase);
        payload.putArray("mentions").add("bob").add(7);
        payload.putObject("meta").put("edited", false);
        return new EventLogEntry(UUID.randomUUID(), type, "sock-" + secondsFromBase, "alice", roomName, payload,
                "198.51.100.4", at(secondsFromBase));
    }

    /** An event with every optional field absent. */
    public EventLogEntry bareEvent(EventType type, long secondsFromBase) {
        return new EventLogEntry(UUID.randomUUID(), type, null, null, null, null, null, at(secondsFromBase));
    }

    /** A JSON object payload with one text field. */
    public static JsonNode textPayload(String text) {
        return Json.object().put("text", text);
    }
}
