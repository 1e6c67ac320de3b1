package dev.ledger.query.account;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** An account as the read model knows it. */
public record AccountSummary(UUID id, String owner, String currency, long balance, String status, long version,
                             Instant updatedAt) {

    static AccountSummary of(Row row) {
        return new AccountSummary(row.getUUID("id"), row.getString("owner"), row.getString("currency"),
                row.getLong("balance"), row.getString("status"), row.getLong("version"),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
