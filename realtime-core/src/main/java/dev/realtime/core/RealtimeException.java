package dev.realtime.core;

import java.util.Map;
import java.util.Objects;

/**
 * The one unchecked exception root of the library. It carries an {@link ErrorCode} that is
 * safe to show to a client; modules wrap {@code SQLException}s, Redis errors and the like in it
 * at their edge.
 */
public class RealtimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public RealtimeException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public RealtimeException(ErrorCode code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    public RealtimeException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The code a client sees. */
    public ErrorCode code() {
        return code;
    }

    /** Extra machine-readable facts about the refusal (for example which field failed); never null. */
    public Map<String, Object> details() {
        return details;
    }

    /** The client-facing form of this refusal. */
    public RealtimeError toError() {
        return new RealtimeError(code, getMessage(), details.isEmpty() ? null : details);
    }

    public static RealtimeException validation(String field, String message) {
        return new RealtimeException(ErrorCode.VALIDATION_ERROR, message, Map.of("field", field), null);
    }
}
