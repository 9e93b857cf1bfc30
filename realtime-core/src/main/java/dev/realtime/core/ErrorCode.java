package dev.realtime.core;

/** Every coded refusal the server can send to a client, as named in the wire protocol. */
public enum ErrorCode {
    AUTH_REQUIRED,
    INVALID_TOKEN,
    TOKEN_EXPIRED,
    TOKEN_REVOKED,
    ROOM_NOT_FOUND,
    NOT_IN_ROOM,
    FORBIDDEN,
    ROOM_FULL,
    VALIDATION_ERROR,
    RATE_LIMITED,
    PAYLOAD_TOO_LARGE,
    UNKNOWN_EVENT,
    UNAVAILABLE,
    INTERNAL_ERROR
}
