package dev.realtime.standalone.admin;

/** A refusal from the admin API (status 0: the server could not be reached). */
public final class AdminClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public AdminClientException(int status, String code, String message) {
        super(code + ": " + message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The error code, e.g. {@code ROOM_NOT_FOUND} or {@code AUTH_REQUIRED}. */
    public String code() {
        return code;
    }
}
