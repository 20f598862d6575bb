package io.opencredit.runtime.api;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Recognises a failure that means "the database is not there right now" (SPEC O5), however it is
 * wrapped: Agroal's acquisition timeout, a refused or broken connection (SQLState class 08), a
 * server shutting down or starting (57P01-57P03), and Hibernate's, JTA's or our own wrapping of
 * those. Such a request is answered 503 with {@code Retry-After}, never 500: the caller may try
 * again and nothing was changed.
 */
public final class DatabaseUnavailable {

    /** How long a caller is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final int MAX_DEPTH = 20;

    private DatabaseUnavailable() {
    }

    /** Whether {@code failure} or one of its causes says the database could not be reached. */
    public static boolean causedBy(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (isConnectionFailure(current)) {
                return true;
            }
            if (current instanceof SQLException sql && sql.getNextException() != null
                    && isConnectionFailure(sql.getNextException())) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof ConnectException) {
            return true;
        }
        // Hibernate's wrapping, without a compile-time dependency on its exception types
        if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                return true;
            }
            // Agroal: "Acquisition timeout while waiting for new connection", "Sorry, acquisition timeout!"
            String message = sql.getMessage();
            return state == null && message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
        }
        return false;
    }
}
