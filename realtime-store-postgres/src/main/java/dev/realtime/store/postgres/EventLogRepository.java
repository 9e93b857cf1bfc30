package dev.realtime.store.postgres;

import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.store.EventQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit trail in {@code realtime_events}; the engine-generated id makes every append idempotent. */
final class EventLogRepository {
    private static final String INSERT = """
            INSERT INTO realtime_events (id, event_type, socket_id, user_id, room_name, payload, ip_address,
                                         created_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
            ON CONFLICT (id) DO NOTHING""";
    private static final String COLUMNS =
            "id, event_type, socket_id, user_id, room_name, payload, ip_address, created_at";

    private final Jdbc jdbc;

    EventLogRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void append(List<EventLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<UUID, EventLogEntry> unique = new LinkedHashMap<>();
        entries.forEach(e -> unique.putIfAbsent(e.id(), e));
        jdbc.inTransaction("append events", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (EventLogEntry e : unique.values()) {
                    ps.setObject(1, e.id());
                    ps.setString(2, e.type().wireName());
                    Columns.setText(ps, 3, e.socketId());
                    Columns.setText(ps, 4, e.userId());
                    Columns.setText(ps, 5, e.roomName());
                    ps.setString(6, Columns.nodeToJson(e.payload()));
                    Columns.setText(ps, 7, e.ip());
                    Columns.setInstant(ps, 8, e.createdAt());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    List<EventLogEntry> recent(EventQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM realtime_events WHERE true");
        if (query.type() != null) {
            sql.append(" AND event_type = ?");
        }
        if (query.roomName() != null) {
            sql.append(" AND room_name = ?");
        }
        sql.append(" ORDER BY created_at DESC, seq DESC LIMIT ?");
        return jdbc.call("read recent events", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (query.type() != null) {
                    ps.setString(i++, query.type().wireName());
                }
                if (query.roomName() != null) {
                    ps.setString(i++, query.roomName());
                }
                ps.setInt(i, query.limit());
                List<EventLogEntry> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(read(rs));
                    }
                }
                return result;
            }
        });
    }

    private static EventLogEntry read(ResultSet rs) throws SQLException {
        return new EventLogEntry(rs.getObject("id", UUID.class), EventType.fromWireName(rs.getString("event_type")),
                rs.getString("socket_id"), rs.getString("user_id"), rs.getString("room_name"),
                Columns.jsonToNode(rs.getString("payload")), rs.getString("ip_address"),
                Columns.getInstant(rs, "created_at"));
    }
}
