package dev.realtime.core.model;

/**
 * Who may join a room. {@link #PUBLIC}: anyone; {@link #PRIVATE}: members only;
 * {@link #SECRET}: members only, and the room is invisible (reported as not found) to everyone else.
 */
public enum RoomVisibility {
    PUBLIC, PRIVATE, SECRET;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RoomVisibility fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
