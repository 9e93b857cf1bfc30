package dev.realtime.core.auth;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;

/** The coded refusals of authentication. Messages are fixed texts: they never contain the token. */
final class Refusals {
    private Refusals() {
    }

    static RealtimeException invalid(String reason) {
        return new RealtimeException(ErrorCode.INVALID_TOKEN, "invalid token: " + reason);
    }

    static RealtimeException expired() {
        return new RealtimeException(ErrorCode.TOKEN_EXPIRED, "token has expired");
    }

    static RealtimeException required() {
        return new RealtimeException(ErrorCode.AUTH_REQUIRED, "authentication required: no token was given");
    }
}
