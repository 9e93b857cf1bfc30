package dev.realtime.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal as a client sees it: in a failed ack's {@code error} and in the {@code error} event.
 *
 * @param code    the machine-readable code
 * @param message a human-readable sentence, never a stack trace
 * @param details optional extra facts, omitted from JSON when null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RealtimeError(ErrorCode code, String message, Map<String, Object> details) {
    public RealtimeError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static RealtimeError of(ErrorCode code, String message) {
        return new RealtimeError(code, message, null);
    }
}
