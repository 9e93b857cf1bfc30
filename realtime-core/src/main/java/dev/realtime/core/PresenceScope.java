package dev.realtime.core;

/** Who is told about a user's presence changes. */
public enum PresenceScope {
    /** Connections that share a room (membership or subscription) with the user: the default. */
    ROOMS,
    /** Every connection. */
    GLOBAL
}
