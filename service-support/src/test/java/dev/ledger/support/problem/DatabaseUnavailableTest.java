package dev.ledger.support.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures are answered 503 (the database is away for now) rather than 500; the answer itself: ReadinessContract. */
class DatabaseUnavailableTest {

    @Test
    void shouldRecognizeAnUnreachableDatabaseThroughTheLayersThatWrapIt() {
        assertTrue(DatabaseUnavailable.causes(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(DatabaseUnavailable.causes(new RuntimeException(ClosedConnectionException.INSTANCE)));
        assertTrue(DatabaseUnavailable.causes(pg("57P01", "terminating connection due to administrator command")));
        assertTrue(DatabaseUnavailable.causes(pg("57P03", "the database system is starting up")));
        assertTrue(DatabaseUnavailable.causes(pg("08006", "connection failure")));
    }

    @Test
    void shouldLeaveOtherFailuresToThe500() {
        assertFalse(DatabaseUnavailable.causes(pg("23505", "duplicate key value violates unique constraint")));
        assertFalse(DatabaseUnavailable.causes(new IllegalStateException("a bug")));
    }

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "FATAL", sqlState, null);
    }
}
