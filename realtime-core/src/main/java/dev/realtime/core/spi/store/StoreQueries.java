package dev.realtime.core.spi.store;

import dev.realtime.core.model.ConnectionInfo;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.Membership;
import dev.realtime.core.model.Presence;
import java.util.Collection;
import java.util.List;

/**
 * Read-only queries for operators and admin tools (the standalone's admin API and CLI). The engine never calls
 * them, so a part of the store that only the engine uses need not implement them.
 *
 * <p>Guarantees: reads see every write the store confirmed; results are bounded by the caller's limit.
 */
public interface StoreQueries {
    /** Connections without a disconnect time, newest first, at most {@code limit}. */
    List<ConnectionInfo> openConnections(int limit);

    /** Last saved presence snapshots of these users; users never saved are absent from the result. */
    List<Presence> loadPresence(Collection<String> userIds);

    /** Event-log entries matching the query, newest first. */
    List<EventLogEntry> recentEvents(EventQuery query);

    /** Memberships of one user in every room, sorted by room name. */
    List<Membership> membershipsOf(String userId);
}
