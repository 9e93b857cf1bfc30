package dev.realtime.store.postgres;

import dev.realtime.core.ErrorCode;
import dev.realtime.core.RealtimeException;
import java.sql.SQLException;

/**
 * Turns JDBC failures into the library's exception. Outages, timeouts, lock waits and deadlocks are
 * {@code UNAVAILABLE} (retrying later may succeed); rows the database refuses for their content are
 * {@code VALIDATION_ERROR}, because retrying them can never succeed.
 */
final class SqlErrors {
    /** SQLSTATE of a foreign-key violation. */
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private SqlErrors() {
    }

    static RealtimeException translate(String action, SQLException e) {
        return new RealtimeException(isPermanent(e) ? ErrorCode.VALIDATION_ERROR : ErrorCode.UNAVAILABLE,
                "PostgreSQL store could not " + action + ": " + describe(e), e);
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
