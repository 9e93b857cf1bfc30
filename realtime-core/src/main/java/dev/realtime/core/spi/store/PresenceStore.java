package dev.realtime.core.spi.store;

import dev.realtime.core.model.Presence;
import java.util.List;

/**
 * Durable presence snapshots (the live view is in memory). The engine only writes them; reading them back is a
 * {@link StoreQueries} matter.
 *
 * <p>Guarantees: upserts by user id, so a replayed batch is harmless.
 */
public interface PresenceStore {
    void savePresence(List<Presence> snapshots);
}
