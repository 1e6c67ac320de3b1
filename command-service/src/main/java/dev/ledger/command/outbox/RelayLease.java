package dev.ledger.command.outbox;

import dev.ledger.command.model.CommandModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The relay's hold on {@link CommandModel#RELAY_LOCK}: a connection of its own whose session takes
 * the lock when the relay has rows to send and gives it back once none of them waits for its mark.
 * While it holds the lock no other relay reads: not the rows on their way to Kafka, not the rows
 * after them. If the session ends, PostgreSQL releases the lock with it. The connection stays open
 * between holds, so that a quiet ledger does not log in again for each event.
 */
final class RelayLease {

    private final OutboxRepository outbox;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private volatile SqlConnection connection;
    private volatile boolean held;

    RelayLease(OutboxRepository outbox, Vertx vertx, PgConnectOptions options) {
        this.outbox = outbox;
        this.vertx = vertx;
        this.options = options;
    }

    /** The connection that holds the lock, or null while another relay holds it. */
    Uni<SqlConnection> take() {
        if (held) {
            return Uni.createFrom().item(connection);
        }
        return open().flatMap(session -> outbox.tryLock(session, CommandModel.RELAY_LOCK)
                        .map(locked -> {
                            held = locked;
                            return locked ? session : null;
                        }))
                .onFailure()
                .invoke(this::close);
    }

    /** Gives the lock back and keeps the connection for the next hold. */
    Uni<Void> release() {
        if (!held) {
            return Uni.createFrom().voidItem();
        }
        held = false;
        return outbox.unlock(connection, CommandModel.RELAY_LOCK).onFailure().invoke(this::close);
    }

    /** Ends the session, and the lock with it: after a failed statement, and when the relay stops. */
    void close() {
        held = false;
        SqlConnection closing = connection;
        connection = null;
        if (closing != null) {
            closing.closeAndForget();
        }
    }

    private Uni<SqlConnection> open() {
        SqlConnection open = connection;
        if (open != null) {
            return Uni.createFrom().item(open);
        }
        return PgConnection.connect(vertx, options).map(opened -> {
            connection = opened;
            return opened;
        });
    }
}
