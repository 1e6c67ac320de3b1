package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.query.model.QueryModel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * Applies an event, or a poll's events, to every read model in one statement, so in one
 * transaction: the ACTIVE one that queries read and, during a rebuild, the BUILDING one beside it.
 * The SQL functions it calls (V1__projection.sql, V2__apply_to_read_models.sql,
 * V4__apply_all_to_read_models.sql) are the only copy of the projection; the rebuild job calls them
 * too, by the names query-model publishes.
 */
@ApplicationScoped
public class Projector {

    private static final String APPLY = "SELECT projection.apply_to_read_models($1, $2) AS outcome";
    private static final String APPLY_ALL = "SELECT projection.apply_all_to_read_models($1, $2) AS outcomes";
    private static final String PARK = "SELECT " + QueryModel.PARK_EVENT + "(schema_name, $1, $2, $3)"
            + " FROM projection.read_model WHERE state = 'ACTIVE'";

    private final Pool pool;

    public Projector(Pool pool) {
        this.pool = pool;
    }

    /** The outcome on the ACTIVE read model; a BUILDING one that is behind is left to the rebuild job. */
    public Uni<ApplyOutcome> apply(AccountEvent event) {
        return pool.preparedQuery(APPLY)
                .execute(typeAndEvent(event))
                .map(rows -> ApplyOutcome.valueOf(rows.iterator().next().getString("outcome")));
    }

    /**
     * Applies the events in the order given, in one statement: all of them or, if one fails, none.
     * Their outcomes on the ACTIVE read model, in the same order.
     */
    public Uni<List<ApplyOutcome>> applyAll(List<AccountEvent> events) {
        String[] types = events.stream().map(event -> event.type().ceType()).toArray(String[]::new);
        JsonObject[] bodies = events.stream()
                .map(event -> new JsonObject(AccountEventCodec.toJson(event)))
                .toArray(JsonObject[]::new);
        return pool.preparedQuery(APPLY_ALL)
                .execute(Tuple.of(types, bodies))
                .map(rows -> Arrays.stream(rows.iterator().next().getArrayOfStrings("outcomes"))
                        .map(ApplyOutcome::valueOf)
                        .toList());
    }

    /** Keeps an event that stayed ahead of its account in projection.parked_event. */
    public Uni<Void> park(AccountEvent event, String reason) {
        return pool.preparedQuery(PARK)
                .execute(typeAndEvent(event).addString(reason))
                .replaceWithVoid();
    }

    /** What both projection functions take first: the event's CloudEvents type and the event as JSON. */
    private static Tuple typeAndEvent(AccountEvent event) {
        return Tuple.of(event.type().ceType(), new JsonObject(AccountEventCodec.toJson(event)));
    }
}
