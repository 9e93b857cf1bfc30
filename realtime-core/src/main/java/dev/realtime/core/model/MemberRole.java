package dev.realtime.core.model;

/** A member's role in one room. Admins and moderators may send to broadcast rooms. */
public enum MemberRole {
    ADMIN, MODERATOR, MEMBER, GUEST;

    public boolean canBroadcast() {
        return this == ADMIN || this == MODERATOR;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MemberRole fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
