package dev.realtime.core.internal.engine;

import dev.realtime.core.spi.store.ConnectionStore;
import dev.realtime.core.spi.store.EventLogStore;
import dev.realtime.core.spi.store.PresenceStore;
import dev.realtime.core.spi.store.RoomStore;
import dev.realtime.core.spi.store.Store;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four separately pluggable parts of the durable state, often one {@link Store} four times. Health and
 * closing treat each distinct object once. Internal.
 */
public record StoreParts(RoomStore rooms, ConnectionStore connections, PresenceStore presence,
                         EventLogStore eventLog) {
    private static final Logger LOG = LoggerFactory.getLogger(StoreParts.class);

    public StoreParts {
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(eventLog, "eventLog");
    }

    /** {@code memory}, {@code postgres}, or per part ({@code rooms=app,eventLog=postgres}) when they differ. */
    public String name() {
        List<Object> parts = distinct();
        if (parts.size() == 1) {
            return nameOf(parts.get(0));
        }
        Map<String, Object> named = Map.of("rooms", rooms, "connections", connections, "presence", presence,
                "eventLog", eventLog);
        return List.of("rooms", "connections", "presence", "eventLog").stream()
                .map(k -> k + "=" + nameOf(named.get(k))).collect(Collectors.joining(","));
    }

    /** True when every part that can tell (a {@link Store}) answers. */
    public boolean isAvailable() {
        for (Object part : distinct()) {
            if (part instanceof Store store && !store.isAvailable()) {
                return false;
            }
        }
        return true;
    }

    /** Closes every distinct part that holds resources, each once; failures are logged. */
    public void close() {
        for (Object part : distinct()) {
            if (part instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("store part {} did not close cleanly", nameOf(part), e);
                }
            }
        }
    }

    private List<Object> distinct() {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> result = new ArrayList<>();
        for (Object part : List.of(rooms, connections, presence, eventLog)) {
            if (seen.put(part, Boolean.TRUE) == null) {
                result.add(part);
            }
        }
        return result;
    }

    private static String nameOf(Object part) {
        return part instanceof Store store ? store.name() : part.getClass().getSimpleName();
    }
}
