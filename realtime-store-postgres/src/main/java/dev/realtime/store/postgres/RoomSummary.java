package dev.realtime.store.postgres;

import dev.realtime.core.model.Room;

/**
 * A room with its counts, from the {@code realtime_room_stats} view.
 *
 * @param room              the room
 * @param memberCount       members that are not banned
 * @param onlineMemberCount members that are not banned and have an open connection
 * @param bannedCount       banned members
 */
public record RoomSummary(Room room, long memberCount, long onlineMemberCount, long bannedCount) {
}
