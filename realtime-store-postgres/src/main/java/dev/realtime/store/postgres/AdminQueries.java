package dev.realtime.store.postgres;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.model.PresenceStatus;
import dev.realtime.core.spi.store.EventQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only queries for operators (the CLI and the admin API): statistics, rooms with member and online
 * counts, one room with its members, open connections and recent events. Thread-safe; every call may block
 * and throws {@link dev.realtime.core.RealtimeException} {@code UNAVAILABLE} when the database fails.
 */
public final class AdminQueries {
    private final Jdbc jdbc;
    private final PostgresStore store;

    AdminQueries(Jdbc jdbc, PostgresStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** Counts over every table. */
    public StoreStats stats() {
        return jdbc.call("read statistics", c -> {
            Map<PresenceStatus, Long> presence = new EnumMap<>(PresenceStatus.class);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT status, user_count FROM realtime_presence_summary")) {
                while (rs.next()) {
                    presence.put(PresenceStatus.fromWireName(rs.getString(1)), rs.getLong(2));
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT (SELECT coalesce(max(version), 0) FROM realtime_schema_version),
                           (SELECT count(*) FROM realtime_rooms),
                           (SELECT count(*) FROM realtime_rooms WHERE is_active),
                           (SELECT count(*) FROM realtime_room_members),
                           (SELECT count(*) FROM realtime_connections WHERE disconnected_at IS NULL),
                           (SELECT count(DISTINCT user_id) FROM realtime_connections WHERE disconnected_at IS NULL),
                           (SELECT count(*) FROM realtime_events),
                           (SELECT count(*) FROM realtime_events WHERE created_at > now() - interval '1 hour'),
                           (SELECT max(created_at) FROM realtime_events) AS newest_event_at""")) {
                rs.next();
                return new StoreStats(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), presence, rs.getLong(7), rs.getLong(8),
                        Columns.getInstant(rs, "newest_event_at"));
            }
        });
    }

    /** Every room with its counts, by name. */
    public List<RoomSummary> rooms() {
        return jdbc.call("list rooms", c -> {
            try (PreparedStatement ps = c.prepareStatement(ROOM_STATS + " ORDER BY s.name")) {
                return readSummaries(ps);
            }
        });
    }

    /** One room with its counts and members; empty when there is no such room. */
    public Optional<RoomDetails> roomInfo(String name) {
        Optional<RoomSummary> summary = jdbc.call("read room", c -> {
            try (PreparedStatement ps = c.prepareStatement(ROOM_STATS + " WHERE s.name = ?")) {
                ps.setString(1, name);
                return readSummaries(ps).stream().findFirst();
            }
        });
        return summary.map(s -> new RoomDetails(s, store.members(name)));
    }

    /** Open connections, newest first. */
    public List<ConnectionInfo> connections(int limit) {
        return store.openConnections(limit);
    }

    /** The newest {@code limit} events, optionally of one type only. */
    public List<EventLogEntry> events(int limit, EventType type) {
        return store.recentEvents(new EventQuery(limit, type, null));
    }

    private static final String ROOM_STATS = "SELECT " + RoomRepository.ROOM_COLUMNS
            + ", s.member_count, s.online_member_count, s.banned_count"
            + " FROM realtime_room_stats s JOIN realtime_rooms r ON r.id = s.room_id";

    private static List<RoomSummary> readSummaries(PreparedStatement ps) throws SQLException {
        List<RoomSummary> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new RoomSummary(RoomRepository.readRoom(rs), rs.getLong("member_count"),
                        rs.getLong("online_member_count"), rs.getLong("banned_count")));
            }
        }
        return result;
    }
}
