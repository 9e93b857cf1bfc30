package dev.realtime.core.model;

import java.util.Locale;

/** Kinds of entries in the event log; {@code REALTIME_LOG_EVENT_TYPES} filters by {@link #wireName()}. */
public enum EventType {
    CONNECT, DISCONNECT, ERROR, JOIN, LEAVE, MESSAGE, TYPING, PRESENCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
