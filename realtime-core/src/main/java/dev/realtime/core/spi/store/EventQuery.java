package dev.realtime.core.spi.store;

import dev.realtime.core.model.EventType;

/**
 * A filter over the event log.
 *
 * @param limit    maximum entries, newest first
 * @param type     only this type, or null for all
 * @param roomName only this room, or null for all
 */
public record EventQuery(int limit, EventType type, String roomName) {
    public EventQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
        }
    }

    public static EventQuery latest(int limit) {
        return new EventQuery(limit, null, null);
    }
}
