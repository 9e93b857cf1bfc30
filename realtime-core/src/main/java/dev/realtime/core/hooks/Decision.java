package dev.realtime.core.hooks;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeError;
import java.util.Objects;

/** The answer of an authorization hook: allow, or deny with a client-safe code and message. */
public final class Decision {
    private static final Decision ALLOW = new Decision(null);

    private final RealtimeError refusal;

    private Decision(RealtimeError refusal) {
        this.refusal = refusal;
    }

    public static Decision allow() {
        return ALLOW;
    }

    /** Denies with {@link ErrorCode#FORBIDDEN}. */
    public static Decision deny(String message) {
        return deny(ErrorCode.FORBIDDEN, message);
    }

    public static Decision deny(ErrorCode code, String message) {
        return new Decision(RealtimeError.of(Objects.requireNonNull(code), Objects.requireNonNull(message)));
    }

    public boolean allowed() {
        return refusal == null;
    }

    /** The refusal, or null when allowed. */
    public RealtimeError refusal() {
        return refusal;
    }
}
