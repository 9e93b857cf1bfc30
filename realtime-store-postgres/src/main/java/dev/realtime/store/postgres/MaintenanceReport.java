package dev.realtime.store.postgres;

/**
 * What one maintenance run did.
 *
 * @param ran                    false when another node held the maintenance lock, so this one skipped
 * @param expiredTypingRemoved   typing rows deleted by {@code cleanup_expired_typing()}
 * @param presenceRowsUpdated    presence rows changed by {@code update_presence_from_activity()}
 * @param staleConnectionsClosed rows closed by {@code disconnect_stale_connections()}
 * @param eventsDeleted          event-log rows deleted by retention
 */
public record MaintenanceReport(boolean ran, int expiredTypingRemoved, int presenceRowsUpdated,
                                int staleConnectionsClosed, long eventsDeleted) {
    static MaintenanceReport skipped() {
        return new MaintenanceReport(false, 0, 0, 0, 0);
    }
}
