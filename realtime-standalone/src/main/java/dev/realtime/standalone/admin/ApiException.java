package dev.realtime.standalone.admin;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal of the admin API: an HTTP status plus the coded error body {@code {error:{code,message,details?}}}.
 * Codes are the protocol's {@link ErrorCode} names, plus {@code NOT_FOUND} and {@code METHOD_NOT_ALLOWED} for
 * HTTP routing.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    static ApiException of(int status, ErrorCode code, String message) {
        return new ApiException(status, code.name(), message, Map.of());
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(400, ErrorCode.VALIDATION_ERROR.name(), message, Map.of("field", field));
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message, Map.of());
    }

    static ApiException roomNotFound(String room) {
        return of(404, ErrorCode.ROOM_NOT_FOUND, "room " + room + " does not exist");
    }

    /** The engine's refusal with the HTTP status that fits its code. */
    static ApiException from(RealtimeException e) {
        return new ApiException(status(e.code()), e.code().name(), e.getMessage(), e.details());
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case AUTH_REQUIRED, INVALID_TOKEN, TOKEN_EXPIRED, TOKEN_REVOKED -> 401;
            case FORBIDDEN -> 403;
            case ROOM_NOT_FOUND -> 404;
            case NOT_IN_ROOM, ROOM_FULL -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case VALIDATION_ERROR, UNKNOWN_EVENT -> 400;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL_ERROR -> 500;
        };
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, Object> details() {
        return details;
    }
}
