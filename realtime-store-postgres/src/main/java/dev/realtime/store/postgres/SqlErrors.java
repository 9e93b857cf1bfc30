package dev.realtime.store.postgres;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import java.sql.SQLException;

/**
 * Turns JDBC failures into the two kinds the engine's writer tells apart. Outages, timeouts, lock waits and
 * deadlocks become {@link RealtimeException} {@code UNAVAILABLE}: retrying later may succeed. Rows the
 * database refuses for their content (data exceptions, class 22; integrity violations, class 23) become
 * {@link IllegalArgumentException}: retrying can never succeed, so the writer must give up on them.
 */
final class SqlErrors {
    /** SQLSTATE of a foreign-key violation. */
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private SqlErrors() {
    }

    static RuntimeException translate(String action, SQLException e) {
        String message = "PostgreSQL store could not " + action + ": " + describe(e);
        return isPermanent(e) ? new IllegalArgumentException(message, e)
                : new RealtimeException(ErrorCode.UNAVAILABLE, message, e);
    }

    /** True for data exceptions (class 22) and integrity violations (class 23). */
    static boolean isPermanent(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String describe(SQLException e) {
        String state = e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return state == null ? message : message + " (SQLSTATE " + state + ")";
    }
}
