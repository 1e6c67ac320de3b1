package dev.ledger.support.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Set;

/**
 * Whether a failure means that the service's PostgreSQL cannot be reached for now, whatever layer
 * (Hibernate Reactive, the pool) wrapped it: the connection is refused or was closed, or the server
 * says it is shutting down, starting up or lost the connection (SQLSTATE class 08, 57P01-57P03).
 */
final class DatabaseUnavailable {

    /** A restart or a failover of PostgreSQL takes seconds; readiness takes the pod out meanwhile. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {}

    static boolean causes(Throwable failure) {
        return cause(failure) != null;
    }

    /** The message of the failure that shows it, for the log line. */
    static String reason(Throwable failure) {
        Throwable cause = cause(failure);
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException) {
                return cause;
            }
            if (cause instanceof PgException pg
                    && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || SERVER_GOING_AWAY.contains(pg.getSqlState()))) {
                return cause;
            }
        }
        return null;
    }
}
