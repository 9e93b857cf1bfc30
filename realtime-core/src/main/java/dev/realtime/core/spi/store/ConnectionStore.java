package dev.realtime.core.spi.store;

import dev.realtime.core.model.ConnectionInfo;
import java.util.List;

/**
 * Durable connection rows, for operators (CLI {@code connections}, stale-connection cleanup). The engine only
 * writes them, in batches from its background writer; reading them back is a {@link StoreQueries} matter.
 *
 * <p>Guarantees: {@link #saveConnections} upserts by connection id, so a replayed batch is harmless; rows
 * written with a {@code disconnectedAt} stay closed even if an older open row is replayed after them.
 */
public interface ConnectionStore {
    void saveConnections(List<ConnectionInfo> connections);
}
