package dev.realtime.core.spi.recovery;

import dev.realtime.core.spi.history.HistoryPosition;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A closed Socket.IO connection that may still be recovered, on any node: whose it was, and for each room it had
 * joined the history position from which the room's messages are replayed at the earliest.
 *
 * @param userId   the user the connection belonged to; only this user may recover it
 * @param rooms    room name to the position at which the connection joined the room
 * @param closedAt when the connection closed
 */
public record ParkedSession(String userId, Map<String, HistoryPosition> rooms, Instant closedAt) {
    public ParkedSession {
        Objects.requireNonNull(userId, "userId");
        rooms = Map.copyOf(rooms);
        Objects.requireNonNull(closedAt, "closedAt");
    }
}
