package dev.realtime.standalone.admin;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.Room;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the admin API (field names as in the protocol and {@code docs/admin-api.md}). */
final class Views {
    private Views() {
    }

    static Map<String, Object> room(Room room) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", room.name());
        view.put("type", room.type().wireName());
        view.put("visibility", room.visibility().wireName());
        view.put("maxMembers", room.maxMembers());
        view.put("active", room.active());
        view.put("settings", room.settings());
        view.put("metadata", room.metadata());
        view.put("createdAt", text(room.createdAt()));
        view.put("updatedAt", text(room.updatedAt()));
        return view;
    }

    static Map<String, Object> member(Membership m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("roomName", m.roomName());
        view.put("userId", m.userId());
        view.put("role", m.role().wireName());
        view.put("muted", m.muted());
        view.put("banned", m.banned());
        view.put("joinedAt", text(m.joinedAt()));
        view.put("lastSeenAt", text(m.lastSeenAt()));
        return view;
    }

    static Map<String, Object> connection(ConnectionInfo c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("userId", c.userId());
        view.put("sessionId", c.sessionId());
        view.put("anonymous", c.anonymous());
        view.put("transport", c.transport().wireName());
        view.put("nodeId", c.nodeId());
        view.put("ip", c.ip());
        view.put("userAgent", c.userAgent());
        view.put("connectedAt", text(c.connectedAt()));
        view.put("latencyMs", c.latencyMillis() < 0 ? null : c.latencyMillis());
        return view;
    }

    /** The same fields as the protocol's {@code presence:changed}. */
    static Map<String, Object> presence(Presence p) {
        CustomStatus custom = p.customStatus();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", p.userId());
        view.put("status", p.status().wireName());
        view.put("customStatus", custom == null ? null : custom.text());
        view.put("customEmoji", custom == null ? null : custom.emoji());
        view.put("customStatusExpiresAt", custom == null ? null : text(custom.expiresAt()));
        view.put("lastActiveAt", text(p.lastActiveAt()));
        view.put("connectionCount", p.connectionCount());
        return view;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
