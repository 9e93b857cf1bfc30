package dev.realtime.core.hooks;

import dev.realtime.core.model.EventLogEntry;

/**
 * Observes what happens on this node: connects, disconnects, joins, leaves, messages, typing, presence and
 * refusals, as the entries the event log would record (whatever the log filter). Called synchronously on the
 * thread where the event happened: it must be fast and must not block; an exception it throws is logged and
 * ignored.
 */
@FunctionalInterface
public interface RealtimeListener {
    void onEvent(EventLogEntry event);
}
