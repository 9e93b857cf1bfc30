package dev.realtime.standalone.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.internal.json.Json;
import dev.realtime.store.postgres.RoomSummary;

/** The JSON shapes the database commands print. */
final class Views {
    private Views() {
    }

    static ObjectNode room(Room r) {
        ObjectNode n = DbCommand.object();
        n.put("name", r.name());
        n.put("type", r.type().wireName());
        n.put("visibility", r.visibility().wireName());
        n.put("maxMembers", r.maxMembers());
        n.put("active", r.active());
        n.set("settings", Json.tree(r.settings()));
        n.set("metadata", Json.tree(r.metadata()));
        n.put("createdAt", r.createdAt().toString());
        n.put("updatedAt", r.updatedAt().toString());
        return n;
    }

    static ObjectNode summary(RoomSummary s) {
        ObjectNode n = room(s.room());
        n.put("memberCount", s.memberCount());
        n.put("onlineMemberCount", s.onlineMemberCount());
        n.put("bannedCount", s.bannedCount());
        return n;
    }

    static ObjectNode member(Membership m) {
        ObjectNode n = DbCommand.object();
        n.put("roomName", m.roomName());
        n.put("userId", m.userId());
        n.put("role", m.role().wireName());
        n.put("muted", m.muted());
        n.put("banned", m.banned());
        n.put("joinedAt", m.joinedAt().toString());
        n.put("lastSeenAt", m.lastSeenAt() == null ? null : m.lastSeenAt().toString());
        return n;
    }

    static ObjectNode connection(ConnectionInfo c) {
        ObjectNode n = DbCommand.object();
        n.put("id", c.id());
        n.put("userId", c.userId());
        n.put("sessionId", c.sessionId());
        n.put("anonymous", c.anonymous());
        n.put("transport", c.transport().wireName());
        n.put("nodeId", c.nodeId());
        n.put("ip", c.ip());
        n.put("userAgent", c.userAgent());
        n.set("deviceInfo", Json.tree(c.deviceInfo()));
        n.put("latencyMillis", c.latencyMillis());
        n.put("connectedAt", c.connectedAt().toString());
        return n;
    }

    static ObjectNode event(EventLogEntry e) {
        ObjectNode n = DbCommand.object();
        n.put("id", e.id().toString());
        n.put("type", e.type().wireName());
        n.put("socketId", e.socketId());
        n.put("userId", e.userId());
        n.put("roomName", e.roomName());
        n.set("payload", e.payload());
        n.put("ip", e.ip());
        n.put("createdAt", e.createdAt().toString());
        return n;
    }
}
