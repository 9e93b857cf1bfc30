package dev.realtime.core.model;

/** What kind of conversation a room holds; {@link #BROADCAST} rooms only accept sends from admins and moderators. */
public enum RoomType {
    CHANNEL, DM, GROUP, BROADCAST;

    /** The lower-case wire and database name. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RoomType fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
