package io.dossier.adapter.persistence;

import io.dossier.domain.DocumentException;
import org.jdbi.v3.core.ConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;

/**
 * Turns database failures into the domain's words, so that no JDBC, JDBI or Flyway type
 * reaches a caller: a unique violation or a lost race is a conflict, a database out of reach
 * is unavailable, anything else is a bug or a broken schema.
 */
final class SqlErrors {
    private static final String UNIQUE_VIOLATION = "23505";
    /** Serialisation failure and deadlock: another transaction won; trying again may work. */
    private static final Set<String> LOST_RACE = Set.of("40001", "40P01");
    /** Connection exceptions, too many connections / out of resources, server shutting down, a statement cancelled by its timeout. */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57P", "57014");

    private SqlErrors() {
    }

    static RuntimeException translate(RuntimeException failure, String action) {
        if (failure instanceof DocumentException documentException) {
            return documentException;
        }
        SQLException sql = sqlExceptionIn(failure);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.equals(UNIQUE_VIOLATION)) {
            return new DocumentException.Conflict(action + ": the id or number is taken, or it was changed meanwhile");
        }
        if (LOST_RACE.contains(state)) {
            return new DocumentException.Conflict(action + ": a concurrent change won, try again");
        }
        if (failure instanceof ConnectionException || sql instanceof SQLTransientConnectionException
                || sql instanceof SQLNonTransientConnectionException
                || UNAVAILABLE_CLASSES.stream().anyMatch(state::startsWith)) {
            return new DocumentException.Unavailable("the database is unavailable (" + action + ")", failure);
        }
        return new IllegalStateException("database failure while " + action, failure);
    }

    private static SQLException sqlExceptionIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
