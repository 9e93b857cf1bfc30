package dev.realtime.store.postgres;

import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.store.EventQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The audit trail in {@code realtime_events}; the engine-generated id makes every append idempotent.
 *
 * <p>A batch is written with one {@code COPY}, the cheapest way into PostgreSQL per row. {@code COPY} cannot skip
 * rows that exist already, so when it meets a duplicate id (a batch replayed after an outage, part of which had
 * landed) the transaction is rolled back and the batch is inserted again with {@code ON CONFLICT DO NOTHING}.
 * Unless durable commits are asked for, each batch commits with {@code synchronous_commit = off}: the commit does
 * not wait for the WAL flush (see docs/database.md for what that trades).
 */
final class EventLogRepository {
    private static final String COLUMNS =
            "id, event_type, socket_id, user_id, room_name, payload, ip_address, created_at";
    private static final String COPY = "COPY realtime_events (" + COLUMNS + ") FROM STDIN";
    private static final String INSERT = """
            INSERT INTO realtime_events (id, event_type, socket_id, user_id, room_name, payload, ip_address,
                                         created_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
            ON CONFLICT (id) DO NOTHING""";
    private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";
    private static final String UNIQUE_VIOLATION = "23505";
    /** Typical characters per row, to size the COPY buffer once. */
    private static final int ROW_CHARS_HINT = 320;

    private final Jdbc jdbc;
    private final boolean durableCommits;

    EventLogRepository(Jdbc jdbc, boolean durableCommits) {
        this.jdbc = jdbc;
        this.durableCommits = durableCommits;
    }

    void append(List<EventLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<UUID, EventLogEntry> unique = new LinkedHashMap<>();
        entries.forEach(e -> unique.putIfAbsent(e.id(), e));
        // Built before a connection is borrowed: the connection is held only for the round trips.
        byte[] rows = copyRows(unique.values());
        jdbc.inTransaction("append events", c -> {
            relaxCommit(c);
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback();
                relaxCommit(c);
                insertSkippingExisting(c, unique.values());
            } catch (IOException e) {
                throw new SQLException("could not send the COPY data: " + e.getMessage(), "08006", e);
            }
            return null;
        });
    }

    private void relaxCommit(Connection c) throws SQLException {
        if (!durableCommits) {
            try (Statement st = c.createStatement()) {
                st.execute(ASYNC_COMMIT);
            }
        }
    }

    private static byte[] copyRows(Collection<EventLogEntry> entries) {
        CopyText copy = new CopyText(entries.size() * ROW_CHARS_HINT);
        for (EventLogEntry e : entries) {
            copy.text(e.id().toString()).text(e.type().wireName()).text(e.socketId()).text(e.userId())
                    .text(e.roomName()).text(Columns.nodeToJson(e.payload())).text(e.ip()).instant(e.createdAt())
                    .endRow();
        }
        return copy.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The slow path (and the write path before COPY): one batched INSERT that skips ids already stored. */
    static void insertSkippingExisting(Connection c, Collection<EventLogEntry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (EventLogEntry e : entries) {
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
            ps.executeBatch();
        }
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
