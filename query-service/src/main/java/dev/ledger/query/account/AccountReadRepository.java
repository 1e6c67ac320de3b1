package dev.ledger.query.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Reads the active read model through the views in {@code public} (see V1__projection.sql). */
@ApplicationScoped
public class AccountReadRepository {

    private final Pool pool;

    public AccountReadRepository(Pool pool) {
        this.pool = pool;
    }

    /** The account, or null when the read model does not know it (yet). */
    public Uni<AccountSummary> find(UUID id) {
        return pool.preparedQuery("SELECT * FROM account_summary WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? null
                        : AccountSummary.of(rows.iterator().next()));
    }

    public Uni<List<AccountSummary>> findByOwner(String owner) {
        return pool.preparedQuery("SELECT * FROM account_summary WHERE owner = $1 ORDER BY id")
                .execute(Tuple.of(owner))
                .map(rows -> map(rows, AccountSummary::of));
    }

    /** Up to {@code limit} lines below {@code beforeVersion}, newest first (keyset: no OFFSET scans). */
    public Uni<List<TransactionLine>> transactions(UUID id, long beforeVersion, int limit) {
        return pool.preparedQuery("SELECT * FROM account_transaction WHERE account_id = $1 AND version < $2"
                        + " ORDER BY version DESC LIMIT $3")
                .execute(Tuple.of(id, beforeVersion, limit))
                .map(rows -> map(rows, TransactionLine::of));
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(mapper.apply(row)));
        return result;
    }
}
