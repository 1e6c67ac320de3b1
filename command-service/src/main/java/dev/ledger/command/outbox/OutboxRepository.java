package dev.ledger.command.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The relay's reads and updates of {@code outbox_event}, on a pool of its own on the
 * {@link RelayEventLoop}. A publish round's statements take the connection of its transaction, so
 * the advisory lock, the read and the mark share one transaction.
 */
@ApplicationScoped
public class OutboxRepository {

    /** A committed outbox row that Kafka has not acknowledged yet. */
    public record PendingEvent(
            long id,
            UUID eventId,
            UUID accountId,
            String eventType,
            String payload,
            Instant occurredAt,
            OutboxTracing.TraceHeaders trace) {}

    /** How many rows wait for Kafka, and when the oldest of them happened (null when none waits). */
    public record Backlog(long pending, Instant oldest) {}

    private static final String NEXT_BATCH = "SELECT id, event_id, aggregate_id, event_type, payload::text AS payload,"
            + " occurred_at, trace_parent, trace_state FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1";
    private static final String MARK_PUBLISHED = "UPDATE outbox_event SET published_at = now() WHERE id = ANY($1)";
    /** A count over the partial index of unpublished rows. */
    private static final String BACKLOG =
            "SELECT count(*) AS pending, min(occurred_at) AS oldest FROM outbox_event" + " WHERE published_at IS NULL";

    /** One connection for the round in flight, one for the backlog that the metrics read meanwhile. */
    private static final int CONNECTIONS = 2;

    private final Pool pool;

    public OutboxRepository(RelayEventLoop loop, Config config) {
        this.pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(CONNECTIONS))
                .connectingTo(RelayConnectOptions.of(config))
                .using(loop.vertx().getDelegate())
                .build());
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Takes the advisory lock {@code key} until the transaction ends; false at once if another transaction holds it. */
    public Uni<Boolean> tryTransactionLock(SqlConnection connection, long key) {
        return connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(key))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /** The oldest unpublished rows, in the order they were written. */
    public Uni<List<PendingEvent>> nextBatch(SqlConnection connection, int limit) {
        return connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(limit)).map(rows -> {
            List<PendingEvent> batch = new ArrayList<>();
            for (Row row : rows) {
                batch.add(new PendingEvent(
                        row.getLong("id"),
                        row.getUUID("event_id"),
                        row.getUUID("aggregate_id"),
                        row.getString("event_type"),
                        row.getString("payload"),
                        row.getOffsetDateTime("occurred_at").toInstant(),
                        new OutboxTracing.TraceHeaders(row.getString("trace_parent"), row.getString("trace_state"))));
            }
            return batch;
        });
    }

    /** Returns the rows marked. */
    public Uni<Integer> markPublished(SqlConnection connection, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return connection
                .preparedQuery(MARK_PUBLISHED)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(RowSet::rowCount);
    }

    public Uni<Backlog> backlog() {
        return pool.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime oldest = row.getOffsetDateTime("oldest");
            return new Backlog(row.getLong("pending"), oldest == null ? null : oldest.toInstant());
        });
    }
}
