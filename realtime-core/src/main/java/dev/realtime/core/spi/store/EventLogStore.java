package dev.realtime.core.spi.store;

import dev.realtime.core.model.EventLogEntry;
import java.util.List;

/**
 * The audit trail. The engine writes to it only from a bounded background writer, in batches, and never reads
 * it; reading it back is a {@link StoreQueries} matter.
 *
 * <p>Guarantees: {@link #appendEvents} is idempotent per entry id (a retried batch lands exactly once).
 */
public interface EventLogStore {
    void appendEvents(List<EventLogEntry> entries);
}
