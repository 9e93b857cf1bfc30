package dev.realtime.bus.redis;

/** One-line descriptions of Redis client failures for the log. */
final class RedisErrors {
    private RedisErrors() {
    }

    /**
     * The failure and its root cause in one line. The Redis client's messages name host and port at most,
     * never the password.
     */
    static String describe(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return cause == e || message.contains(String.valueOf(cause.getMessage())) ? message : message + ": " + cause;
    }
}
