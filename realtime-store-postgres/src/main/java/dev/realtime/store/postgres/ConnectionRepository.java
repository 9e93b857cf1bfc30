package dev.realtime.store.postgres;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.TransportKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Connection rows in {@code realtime_connections}, keyed by socket id. */
final class ConnectionRepository {
    // A closed row is final: the WHERE clause makes a replayed open row a no-op, and last_seen_at records
    // when the owning node last wrote the row (stale-connection cleanup reads it).
    private static final String UPSERT = """
            INSERT INTO realtime_connections (socket_id, user_id, session_id, is_anonymous, transport, node_id,
                ip_address, user_agent, device_info, latency_ms, connected_at, last_seen_at, disconnected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, now(), ?)
            ON CONFLICT (socket_id) DO UPDATE SET
                user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
                is_anonymous = EXCLUDED.is_anonymous, transport = EXCLUDED.transport, node_id = EXCLUDED.node_id,
                ip_address = EXCLUDED.ip_address, user_agent = EXCLUDED.user_agent,
                device_info = EXCLUDED.device_info, latency_ms = EXCLUDED.latency_ms,
                connected_at = EXCLUDED.connected_at, last_seen_at = now(),
                disconnected_at = EXCLUDED.disconnected_at
            WHERE realtime_connections.disconnected_at IS NULL""";
    static final String COLUMNS = "socket_id, user_id, session_id, is_anonymous, transport, node_id, ip_address, "
            + "user_agent, device_info, latency_ms, connected_at, disconnected_at";

    private final Jdbc jdbc;

    ConnectionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void save(List<ConnectionInfo> connections) {
        if (connections.isEmpty()) {
            return;
        }
        Collection<ConnectionInfo> rows = mergeById(connections);
        jdbc.inTransaction("save connections", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (ConnectionInfo row : rows) {
                    Columns.setText(ps, 1, row.id());
                    Columns.setText(ps, 2, row.userId());
                    Columns.setText(ps, 3, row.sessionId());
                    ps.setBoolean(4, row.anonymous());
                    ps.setString(5, row.transport().wireName());
                    Columns.setText(ps, 6, row.nodeId());
                    Columns.setText(ps, 7, row.ip());
                    Columns.setText(ps, 8, row.userAgent());
                    ps.setString(9, Columns.mapToJson(row.deviceInfo()));
                    ps.setInt(10, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, row.latencyMillis())));
                    Columns.setInstant(ps, 11, row.connectedAt());
                    Columns.setInstant(ps, 12, row.disconnectedAt());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    List<ConnectionInfo> open(int limit) {
        return jdbc.call("list open connections", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM realtime_connections "
                    + "WHERE disconnected_at IS NULL ORDER BY connected_at DESC, socket_id LIMIT ?")) {
                ps.setInt(1, Math.max(0, limit));
                List<ConnectionInfo> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(read(rs));
                    }
                }
                return result;
            }
        });
    }

    static ConnectionInfo read(ResultSet rs) throws SQLException {
        Map<String, String> device = new TreeMap<>();
        Columns.jsonToMap(rs.getString("device_info")).forEach((k, v) -> device.put(k, String.valueOf(v)));
        return new ConnectionInfo(rs.getString("socket_id"), rs.getString("user_id"), rs.getString("session_id"),
                rs.getBoolean("is_anonymous"),
                TransportKind.valueOf(rs.getString("transport").toUpperCase(Locale.ROOT)), rs.getString("node_id"),
                rs.getString("ip_address"), rs.getString("user_agent"), device,
                Columns.getInstant(rs, "connected_at"), rs.getInt("latency_ms"),
                Columns.getInstant(rs, "disconnected_at"));
    }

    /**
     * One row per id (a statement may not upsert the same row twice): a closed version wins over open
     * ones, otherwise the last one wins. Sorted by id so concurrent batches lock rows in the same order.
     */
    static Collection<ConnectionInfo> mergeById(List<ConnectionInfo> connections) {
        Map<String, ConnectionInfo> byId = new TreeMap<>();
        for (ConnectionInfo c : connections) {
            byId.merge(c.id(), c, (earlier, later) -> !earlier.isOpen() && later.isOpen() ? earlier : later);
        }
        return byId.values();
    }
}
