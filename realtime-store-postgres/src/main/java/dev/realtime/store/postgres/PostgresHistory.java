package dev.realtime.store.postgres;

import dev.realtime.core.model.ChatMessage;
import dev.realtime.core.spi.Clock;
import dev.realtime.core.spi.history.Appended;
import dev.realtime.core.spi.history.History;
import dev.realtime.core.spi.history.HistoryLimits;
import dev.realtime.core.spi.history.HistoryPosition;
import dev.realtime.core.spi.history.HistoryQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The {@link History} in PostgreSQL (schema version 4): durable, shared by every node on the database, for long
 * outages and paging far back. Each append is one short transaction that takes the room's offset row lock, so
 * offsets are unique and gap-free across nodes; it then deletes what fell out of the room's count bound and up to
 * {@link #AGE_DELETES_PER_APPEND} of the oldest expired messages (reads leave out expired messages that are still
 * there). Appends block the room's publishes for one round trip to the database: choose it for rooms whose history
 * must survive restarts. Obtain it from {@link PostgresStore#history(Clock)}; it shares the store's pool.
 */
public final class PostgresHistory implements History {
    /** How many expired messages one append deletes at most, so a long-idle room costs no single big delete. */
    static final int AGE_DELETES_PER_APPEND = 16;
    /**
     * The age bound of a room whose position was asked before its first append: there is nothing to read yet, and
     * the first append sets the room's own.
     */
    static final long PLACEHOLDER_MAX_AGE_MS = 86_400_000L;

    private static final String NEXT_OFFSET = """
            INSERT INTO realtime_room_offsets AS o (room_name, last_offset, max_age_ms) VALUES (?, 1, ?)
            ON CONFLICT (room_name) DO UPDATE SET last_offset = o.last_offset + 1, max_age_ms = EXCLUDED.max_age_ms
            RETURNING last_offset, epoch""";
    private static final String INSERT = """
            INSERT INTO realtime_messages (room_name, room_offset, id, user_id, content, thread_id, metadata,
                                           client_message_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)""";
    private static final String TRIM_COUNT = "DELETE FROM realtime_messages WHERE room_name = ? AND room_offset <= ?";
    private static final String TRIM_AGE = """
            DELETE FROM realtime_messages WHERE room_name = ? AND room_offset IN (
                SELECT room_offset FROM realtime_messages WHERE room_name = ? ORDER BY room_offset LIMIT ?)
              AND created_at < ?""";
    /**
     * Makes the room's row when there is none yet, so the epoch a client sees before the first message is the one
     * that message gets. One statement: either its insert or the read of an existing row answers.
     */
    private static final String POSITION = """
            WITH made AS (
                INSERT INTO realtime_room_offsets (room_name, last_offset, max_age_ms) VALUES (?, 0, ?)
                ON CONFLICT (room_name) DO NOTHING RETURNING last_offset, epoch)
            SELECT last_offset, epoch FROM made
            UNION ALL SELECT last_offset, epoch FROM realtime_room_offsets WHERE room_name = ?""";
    private static final String COLUMNS = """
            SELECT m.room_offset, m.id, m.user_id, m.content, m.thread_id, m.metadata::text AS metadata,
                   m.client_message_id, m.created_at
            FROM realtime_messages m JOIN realtime_room_offsets o ON o.room_name = m.room_name
            WHERE m.room_name = ? AND m.room_offset > ? AND m.room_offset < ?
              AND m.created_at >= CAST(? AS timestamptz) - o.max_age_ms * interval '1 millisecond'
            """;

    private final Jdbc jdbc;
    private final Clock clock;

    PostgresHistory(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Appended append(ChatMessage message, HistoryLimits limits) {
        String room = message.roomName();
        return jdbc.inTransaction("append a message to the history of room " + room, c -> {
            long offset;
            String epoch;
            try (PreparedStatement ps = c.prepareStatement(NEXT_OFFSET)) {
                Columns.setText(ps, 1, room);
                ps.setLong(2, limits.maxAge().toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    offset = rs.getLong(1);
                    epoch = rs.getString(2);
                }
            }
            ChatMessage kept = message.withSeq(offset);
            insert(c, kept);
            trim(c, room, offset, limits);
            return new Appended(kept, epoch);
        });
    }

    private static void insert(Connection c, ChatMessage m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Columns.setText(ps, 1, m.roomName());
            ps.setLong(2, m.seq());
            ps.setObject(3, m.id());
            Columns.setText(ps, 4, m.userId());
            Columns.setText(ps, 5, m.content());
            Columns.setText(ps, 6, m.threadId());
            ps.setString(7, Columns.nodeToJson(m.metadata()));
            Columns.setText(ps, 8, m.clientMessageId());
            Columns.setInstant(ps, 9, m.timestamp());
            ps.executeUpdate();
        }
    }

    private void trim(Connection c, String room, long offset, HistoryLimits limits) throws SQLException {
        if (offset > limits.maxMessages()) {
            try (PreparedStatement ps = c.prepareStatement(TRIM_COUNT)) {
                Columns.setText(ps, 1, room);
                ps.setLong(2, offset - limits.maxMessages());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(TRIM_AGE)) {
            Columns.setText(ps, 1, room);
            Columns.setText(ps, 2, room);
            ps.setInt(3, AGE_DELETES_PER_APPEND);
            Columns.setInstant(ps, 4, clock.now().minus(limits.maxAge()));
            ps.executeUpdate();
        }
    }

    @Override
    public HistoryPosition position(String roomName) {
        return jdbc.call("read the history position of room " + roomName, c -> {
            // No row at all happens only when another node made it after this statement's snapshot: ask again.
            for (int attempt = 1; ; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(POSITION)) {
                    Columns.setText(ps, 1, roomName);
                    ps.setLong(2, PLACEHOLDER_MAX_AGE_MS);
                    Columns.setText(ps, 3, roomName);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return new HistoryPosition(rs.getLong(1), rs.getString(2));
                        }
                    }
                }
                if (attempt == 2) {
                    throw new SQLException("the offset row of room " + roomName + " could not be read");
                }
            }
        });
    }

    @Override
    public List<ChatMessage> read(String roomName, HistoryQuery query) {
        // With "after" the oldest matching rows come first; otherwise the newest, turned around below.
        boolean oldestFirst = query.after() != null;
        String sql = COLUMNS + "ORDER BY m.room_offset " + (oldestFirst ? "ASC" : "DESC") + " LIMIT ?";
        List<ChatMessage> page = jdbc.call("read the history of room " + roomName, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Columns.setText(ps, 1, roomName);
                ps.setLong(2, query.after() == null ? 0 : query.after());
                ps.setLong(3, query.before() == null ? Long.MAX_VALUE : query.before());
                Columns.setInstant(ps, 4, clock.now());
                ps.setInt(5, query.limit());
                List<ChatMessage> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(message(roomName, rs));
                    }
                }
                return rows;
            }
        });
        if (!oldestFirst) {
            Collections.reverse(page);
        }
        return page;
    }

    private static ChatMessage message(String roomName, ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getObject("id", UUID.class), roomName, rs.getLong("room_offset"),
                rs.getString("user_id"), rs.getString("content"), rs.getString("thread_id"),
                Columns.jsonToNode(rs.getString("metadata")), Columns.getInstant(rs, "created_at"),
                rs.getString("client_message_id"));
    }

    /** The pool belongs to the store, which closes it. */
    @Override
    public void close() {
    }
}
