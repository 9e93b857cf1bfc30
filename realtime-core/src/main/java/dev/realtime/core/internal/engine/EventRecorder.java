package dev.realtime.core.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtime.core.hooks.RealtimeListener;
import dev.realtime.core.internal.json.Json;
import dev.realtime.core.model.EventLogEntry;
import dev.realtime.core.model.EventType;
import dev.realtime.core.spi.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what happens into event-log entries: hands them to the host's listeners and, filtered by the
 * configured types, to the background writer. Entries are only built when somebody wants them. Internal.
 */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final Clock clock;
    private final WriteBehind writer;
    private final Set<EventType> logged;
    private final List<RealtimeListener> listeners = new CopyOnWriteArrayList<>();

    EventRecorder(Clock clock, WriteBehind writer, boolean logEvents, Set<EventType> types) {
        this.clock = clock;
        this.writer = writer;
        this.logged = logEvents && !types.isEmpty() ? EnumSet.copyOf(types) : EnumSet.noneOf(EventType.class);
    }

    void addListener(RealtimeListener listener) {
        listeners.add(listener);
    }

    void record(EventType type, LocalConnection c, String room, Object payload) {
        record(type, c == null ? null : c.id(), c == null ? null : c.userId(),
                c == null ? null : c.info().ip(), room, payload);
    }

    void record(EventType type, String socketId, String userId, String ip, String room, Object payload) {
        boolean log = logged.contains(type);
        if (listeners.isEmpty()) {
            if (log) {
                // Nobody looks at the entry now: its JSON is made on the writer thread, off the delivery path.
                Instant now = clock.now();
                EventLogEntry bare = new EventLogEntry(TimeOrderedIds.at(now), type, socketId, userId, room, null, ip,
                        now);
                writer.submit(new WriteBehind.AppendEvent(bare, payload));
            }
            return;
        }
        JsonNode json = payload == null ? null
                : payload instanceof JsonNode node ? node : Json.tree(payload);
        Instant now = clock.now();
        EventLogEntry entry = new EventLogEntry(TimeOrderedIds.at(now), type, socketId, userId, room, json, ip, now);
        for (RealtimeListener l : listeners) {
            try {
                l.onEvent(entry);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed; ignored", l, e);
            }
        }
        if (log) {
            writer.submit(new WriteBehind.AppendEvent(entry));
        }
    }
}
