package dev.realtime.store.postgres;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.MemberRole;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.model.RoomType;
import dev.realtime.core.model.RoomVisibility;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rooms and memberships in {@code realtime_rooms} and {@code realtime_room_members}. */
final class RoomRepository {
    static final String ROOM_COLUMNS =
            "r.name, r.type, r.visibility, r.max_members, r.is_active, r.settings, r.metadata, r.created_at, "
                    + "r.updated_at";
    private static final String MEMBER_COLUMNS =
            "r.name AS room_name, m.user_id, m.role, m.is_muted, m.is_banned, m.joined_at, m.last_seen_at";
    // An upsert, never delete-and-insert: re-saving a room must keep its memberships.
    private static final String UPSERT_ROOM = """
            INSERT INTO realtime_rooms (name, type, visibility, max_members, is_active, settings, metadata,
                                        created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)
            ON CONFLICT (name) DO UPDATE SET
                type = EXCLUDED.type, visibility = EXCLUDED.visibility, max_members = EXCLUDED.max_members,
                is_active = EXCLUDED.is_active, settings = EXCLUDED.settings, metadata = EXCLUDED.metadata,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at""";
    // Resolving the room inside the statement makes "no such room" a zero row count, not an error.
    private static final String UPSERT_MEMBER = """
            INSERT INTO realtime_room_members (room_id, user_id, role, is_muted, is_banned, joined_at, last_seen_at)
            SELECT r.id, ?, ?, ?, ?, ?, ? FROM realtime_rooms r WHERE r.name = ?
            ON CONFLICT (room_id, user_id) DO UPDATE SET
                role = EXCLUDED.role, is_muted = EXCLUDED.is_muted, is_banned = EXCLUDED.is_banned,
                joined_at = EXCLUDED.joined_at, last_seen_at = EXCLUDED.last_seen_at""";

    private final Jdbc jdbc;

    RoomRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    List<Room> loadRooms() {
        return jdbc.call("load rooms", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + ROOM_COLUMNS + " FROM realtime_rooms r ORDER BY r.name")) {
                return readRooms(ps);
            }
        });
    }

    Optional<Room> findRoom(String name) {
        return jdbc.call("find room", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + ROOM_COLUMNS + " FROM realtime_rooms r WHERE r.name = ?")) {
                ps.setString(1, name);
                return readRooms(ps).stream().findFirst();
            }
        });
    }

    void saveRoom(Room room) {
        jdbc.call("save room", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT_ROOM)) {
                ps.setString(1, room.name());
                ps.setString(2, room.type().wireName());
                ps.setString(3, room.visibility().wireName());
                ps.setInt(4, room.maxMembers());
                ps.setBoolean(5, room.active());
                ps.setString(6, Columns.mapToJson(room.settings()));
                ps.setString(7, Columns.mapToJson(room.metadata()));
                Columns.setInstant(ps, 8, room.createdAt());
                Columns.setInstant(ps, 9, room.updatedAt());
                return ps.executeUpdate();
            }
        });
    }

    boolean deleteRoom(String name) {
        return jdbc.call("delete room", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM realtime_rooms WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    List<Membership> members(String roomName) {
        return readMembers("list room members", "WHERE r.name = ? ORDER BY m.user_id", roomName);
    }

    List<Membership> membershipsOf(String userId) {
        return readMembers("list memberships of a user", "WHERE m.user_id = ? ORDER BY r.name", userId);
    }

    Optional<Membership> findMembership(String roomName, String userId) {
        return readMembers("find a membership", "WHERE r.name = ? AND m.user_id = ?", roomName, userId).stream()
                .findFirst();
    }

    /** Every membership of every room in one query. */
    List<Membership> allMemberships() {
        return readMembers("load all memberships", "ORDER BY r.name, m.user_id");
    }

    void saveMembership(Membership m) {
        int rows;
        try {
            rows = jdbc.call("save membership", c -> {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_MEMBER)) {
                    Columns.setText(ps, 1, m.userId());
                    ps.setString(2, m.role().wireName());
                    ps.setBoolean(3, m.muted());
                    ps.setBoolean(4, m.banned());
                    Columns.setInstant(ps, 5, m.joinedAt());
                    Columns.setInstant(ps, 6, m.lastSeenAt());
                    ps.setString(7, m.roomName());
                    return ps.executeUpdate();
                }
            });
        } catch (RealtimeException e) {
            // The room was deleted between resolving it and inserting the row.
            if (e.getCause() instanceof SQLException sql && SqlErrors.FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                throw noSuchRoom(m.roomName());
            }
            throw e;
        }
        if (rows == 0) {
            throw noSuchRoom(m.roomName());
        }
    }

    boolean removeMembership(String roomName, String userId) {
        return jdbc.call("remove membership", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM realtime_room_members m USING realtime_rooms r
                    WHERE m.room_id = r.id AND r.name = ? AND m.user_id = ?""")) {
                ps.setString(1, roomName);
                ps.setString(2, userId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    static Room readRoom(ResultSet rs) throws SQLException {
        return Room.builder(rs.getString("name"))
                .type(RoomType.fromWireName(rs.getString("type")))
                .visibility(RoomVisibility.fromWireName(rs.getString("visibility")))
                .maxMembers(rs.getInt("max_members"))
                .active(rs.getBoolean("is_active"))
                .settings(Columns.jsonToMap(rs.getString("settings")))
                .metadata(Columns.jsonToMap(rs.getString("metadata")))
                .createdAt(Columns.getInstant(rs, "created_at"))
                .updatedAt(Columns.getInstant(rs, "updated_at"))
                .build();
    }

    private static List<Room> readRooms(PreparedStatement ps) throws SQLException {
        List<Room> rooms = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rooms.add(readRoom(rs));
            }
        }
        return rooms;
    }

    private List<Membership> readMembers(String action, String whereAndOrder, String... keys) {
        return jdbc.call(action, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MEMBER_COLUMNS
                    + " FROM realtime_room_members m JOIN realtime_rooms r ON r.id = m.room_id " + whereAndOrder)) {
                for (int i = 0; i < keys.length; i++) {
                    ps.setString(i + 1, keys[i]);
                }
                List<Membership> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Membership(rs.getString("room_name"), rs.getString("user_id"),
                                MemberRole.fromWireName(rs.getString("role")), rs.getBoolean("is_muted"),
                                rs.getBoolean("is_banned"), Columns.getInstant(rs, "joined_at"),
                                Columns.getInstant(rs, "last_seen_at")));
                    }
                }
                return result;
            }
        });
    }

    private static RealtimeException noSuchRoom(String roomName) {
        return new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "no room named " + roomName);
    }
}
