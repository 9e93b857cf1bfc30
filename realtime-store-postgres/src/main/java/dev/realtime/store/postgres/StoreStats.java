package dev.realtime.store.postgres;

import dev.realtime.core.model.PresenceStatus;
import java.time.Instant;
import java.util.Map;

/**
 * Counts for operators ({@code realtime stats}).
 *
 * @param schemaVersion    newest applied schema version
 * @param rooms            all rooms
 * @param activeRooms      rooms that can be joined
 * @param memberships      memberships, banned ones included
 * @param openConnections  connection rows without a disconnect time
 * @param connectedUsers   distinct users with an open connection
 * @param usersByPresence  presence rows per status (every status present)
 * @param events           event-log rows
 * @param eventsLastHour   event-log rows of the last hour
 * @param newestEventAt    time of the newest event, null when the log is empty
 */
public record StoreStats(int schemaVersion, long rooms, long activeRooms, long memberships, long openConnections,
                         long connectedUsers, Map<PresenceStatus, Long> usersByPresence, long events,
                         long eventsLastHour, Instant newestEventAt) {
    public StoreStats {
        usersByPresence = Map.copyOf(usersByPresence);
    }
}
