package dev.realtime.store.postgres;

import dev.realtime.core.model.CustomStatus;
import dev.realtime.core.model.Presence;
import dev.realtime.core.model.PresenceStatus;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Presence snapshots in {@code realtime_presence}, one row per user. */
final class PresenceRepository {
    private static final String UPSERT = """
            INSERT INTO realtime_presence (user_id, status, custom_status, custom_emoji, custom_status_expires_at,
                                           last_active_at, connection_count)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET
                status = EXCLUDED.status, custom_status = EXCLUDED.custom_status,
                custom_emoji = EXCLUDED.custom_emoji, custom_status_expires_at = EXCLUDED.custom_status_expires_at,
                last_active_at = EXCLUDED.last_active_at, connection_count = EXCLUDED.connection_count""";

    private final Jdbc jdbc;

    PresenceRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void save(List<Presence> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        // Last snapshot per user wins; sorted so concurrent batches lock rows in the same order.
        Map<String, Presence> byUser = new TreeMap<>();
        snapshots.forEach(p -> byUser.put(p.userId(), p));
        jdbc.inTransaction("save presence", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (Presence p : byUser.values()) {
                    CustomStatus custom = p.customStatus();
                    Columns.setText(ps, 1, p.userId());
                    ps.setString(2, p.status().wireName());
                    Columns.setText(ps, 3, custom == null ? null : custom.text());
                    Columns.setText(ps, 4, custom == null ? null : custom.emoji());
                    Columns.setInstant(ps, 5, custom == null ? null : custom.expiresAt());
                    Columns.setInstant(ps, 6, p.lastActiveAt());
                    ps.setInt(7, Math.max(0, p.connectionCount()));
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    List<Presence> load(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.call("load presence", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT user_id, status, custom_status, custom_emoji, custom_status_expires_at, last_active_at,
                           connection_count
                    FROM realtime_presence WHERE user_id = ANY (?)""")) {
                Array ids = c.createArrayOf("text", userIds.toArray());
                ps.setArray(1, ids);
                List<Presence> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(read(rs));
                    }
                }
                ids.free();
                return result;
            }
        });
    }

    private static Presence read(ResultSet rs) throws SQLException {
        String text = rs.getString("custom_status");
        Instant expires = Columns.getInstant(rs, "custom_status_expires_at");
        CustomStatus custom = text == null ? null : new CustomStatus(text, rs.getString("custom_emoji"), expires);
        return new Presence(rs.getString("user_id"), PresenceStatus.fromWireName(rs.getString("status")), custom,
                Columns.getInstant(rs, "last_active_at"), rs.getInt("connection_count"));
    }
}
