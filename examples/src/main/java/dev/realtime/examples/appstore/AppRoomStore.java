package dev.realtime.examples.appstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Room;
import dev.realtime.core.spi.store.RoomStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rooms and memberships kept in the application's own tables, each row holding the JSON of a {@link Room} or
 * {@link Membership}. A sketch of plugging in only the room part of the store: the engine reads all rooms and
 * members once at start (two queries) and writes from its background writer. Use your connection pool instead of
 * {@link DriverManager} in a real application.
 */
public final class AppRoomStore implements RoomStore {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String jdbcUrl;
    private final String rooms;
    private final String members;

    /**
     * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/app?user=app}
     * @param schema  the schema of the two tables (lower-case letters, digits and {@code _})
     */
    public AppRoomStore(String jdbcUrl, String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be lower-case letters, digits and _: " + schema);
        }
        this.jdbcUrl = jdbcUrl;
        this.rooms = schema + ".rooms";
        this.members = schema + ".room_members";
    }

    /** Creates the schema and tables when absent. */
    public AppRoomStore createTables() {
        String schema = rooms.substring(0, rooms.indexOf('.'));
        update("CREATE SCHEMA IF NOT EXISTS " + schema);
        update("CREATE TABLE IF NOT EXISTS " + rooms + " (name text PRIMARY KEY, room text NOT NULL)");
        update("CREATE TABLE IF NOT EXISTS " + members + " (room_name text NOT NULL REFERENCES " + rooms
                + " (name) ON DELETE CASCADE, user_id text NOT NULL, membership text NOT NULL, "
                + "PRIMARY KEY (room_name, user_id))");
        return this;
    }

    @Override
    public List<Room> loadRooms() {
        return query("SELECT room FROM " + rooms + " ORDER BY name", Room.class);
    }

    @Override
    public Optional<Room> findRoom(String name) {
        return query("SELECT room FROM " + rooms + " WHERE name = ?", Room.class, name).stream().findFirst();
    }

    @Override
    public void saveRoom(Room room) {
        update("INSERT INTO " + rooms + " (name, room) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET room = "
                + "EXCLUDED.room", room.name(), json(room));
    }

    @Override
    public boolean deleteRoom(String name) {
        return update("DELETE FROM " + rooms + " WHERE name = ?", name) > 0;
    }

    @Override
    public List<Membership> members(String roomName) {
        return query("SELECT membership FROM " + members + " WHERE room_name = ? ORDER BY user_id",
                Membership.class, roomName);
    }

    @Override
    public Optional<Membership> findMembership(String roomName, String userId) {
        return query("SELECT membership FROM " + members + " WHERE room_name = ? AND user_id = ?",
                Membership.class, roomName, userId).stream().findFirst();
    }

    /** One query for every member of every room, instead of the default one query per room. */
    @Override
    public List<Membership> loadMemberships() {
        return query("SELECT membership FROM " + members, Membership.class);
    }

    @Override
    public void saveMembership(Membership m) {
        try {
            update("INSERT INTO " + members + " (room_name, user_id, membership) VALUES (?, ?, ?) "
                    + "ON CONFLICT (room_name, user_id) DO UPDATE SET membership = EXCLUDED.membership",
                    m.roomName(), m.userId(), json(m));
        } catch (RealtimeException e) {
            if (e.getCause() instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                throw new RealtimeException(ErrorCode.ROOM_NOT_FOUND, "no room named " + m.roomName());
            }
            throw e;
        }
    }

    @Override
    public boolean removeMembership(String roomName, String userId) {
        return update("DELETE FROM " + members + " WHERE room_name = ? AND user_id = ?", roomName, userId) > 0;
    }

    private int update(String sql, String... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            // UNAVAILABLE: the engine's writer retries with backoff.
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "room database: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Class<T> type, String... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(JSON.readValue(rs.getString(1), type));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new RealtimeException(ErrorCode.UNAVAILABLE, "room database: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored row is not a " + type.getSimpleName(), e);
        }
    }

    private static void bind(PreparedStatement ps, String... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setString(i + 1, params[i]);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw RealtimeException.validation("json", "cannot be written as JSON: " + e.getOriginalMessage());
        }
    }
}
