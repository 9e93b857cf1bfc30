package dev.realtime.core.spi.store;

import dev.realtime.core.model.Presence;
import java.util.Collection;
import java.util.List;

/** Durable presence snapshots (the live view is in memory). Upserts by user id; replay is harmless. */
public interface PresenceStore {
    void savePresence(List<Presence> snapshots);

    /** Last saved snapshots of these users; users never saved are absent from the result. */
    List<Presence> loadPresence(Collection<String> userIds);
}
