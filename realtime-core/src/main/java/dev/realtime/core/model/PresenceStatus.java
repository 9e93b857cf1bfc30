package dev.realtime.core.model;

/** A user's presence. {@link #OFFLINE} means no connection anywhere in the cluster. */
public enum PresenceStatus {
    ONLINE, AWAY, BUSY, OFFLINE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static PresenceStatus fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
