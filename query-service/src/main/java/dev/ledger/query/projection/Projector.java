package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies an event to every read model in one transaction: the ACTIVE one that queries read and,
 * during a rebuild, the BUILDING one beside it. The SQL functions it calls (V1__projection.sql)
 * are the only copy of the projection; the rebuild job calls them too.
 */
@ApplicationScoped
public class Projector {

    /** Holding the registry rows FOR SHARE makes a read-model switch wait for this transaction. */
    private static final String READ_MODELS =
            "SELECT schema_name, state FROM projection.read_model ORDER BY state, schema_name FOR SHARE";

    private final Pool pool;

    public Projector(Pool pool) {
        this.pool = pool;
    }

    /** The outcome on the ACTIVE read model; a BUILDING one that is behind is left to the rebuild job. */
    public Uni<ApplyOutcome> apply(AccountEvent event) {
        JsonObject json = new JsonObject(AccountEventCodec.toJson(event));
        String type = event.type().ceType();
        return pool.withTransaction(connection -> connection.query(READ_MODELS).execute().flatMap(rows -> {
            Uni<ApplyOutcome> chain = Uni.createFrom().item(ApplyOutcome.APPLIED);
            for (Row row : rows) {
                String schema = row.getString("schema_name");
                boolean active = "ACTIVE".equals(row.getString("state"));
                chain = chain.flatMap(activeOutcome -> applyTo(connection, schema, type, json, event)
                        .map(outcome -> active ? outcome : activeOutcome));
            }
            return chain;
        }));
    }

    /** Keeps an event that stayed ahead of its account in projection.parked_event. */
    public Uni<Void> park(AccountEvent event, String reason) {
        return pool.preparedQuery("SELECT projection.park_event(schema_name, $1, $2, $3) FROM projection.read_model"
                        + " WHERE state = 'ACTIVE'")
                .execute(Tuple.of(event.type().ceType(), new JsonObject(AccountEventCodec.toJson(event)), reason))
                .replaceWithVoid();
    }

    private static Uni<ApplyOutcome> applyTo(SqlConnection connection, String schema, String type, JsonObject json,
                                             AccountEvent event) {
        return connection.preparedQuery("SELECT projection.apply_event($1, $2, $3) AS outcome")
                .execute(Tuple.of(schema, type, json))
                .map(rows -> ApplyOutcome.valueOf(rows.iterator().next().getString("outcome")))
                .call(outcome -> outcome == ApplyOutcome.APPLIED
                        ? connection.preparedQuery("SELECT projection.apply_parked($1, $2)")
                                .execute(Tuple.of(schema, event.accountId().value()))
                        : Uni.createFrom().voidItem());
    }
}
