package dev.realtime.examples.backend;

/** A refusal from the admin API: the HTTP status and the coded error of its body. */
public final class AdminApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public AdminApiException(int status, String code, String message) {
        super(code + " (" + status + "): " + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** For example {@code ROOM_NOT_FOUND}, {@code VALIDATION_ERROR}, {@code AUTH_REQUIRED}. */
    public String code() {
        return code;
    }
}
