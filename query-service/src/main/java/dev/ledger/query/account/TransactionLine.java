package dev.ledger.query.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** One money movement on an account: DEPOSIT, WITHDRAWAL, TRANSFER_OUT or TRANSFER_IN. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionLine(long version, String kind, long amount, long balanceAfter, UUID counterpartyId,
                              UUID transferId, String reference, Instant occurredAt) {

    static TransactionLine of(Row row) {
        return new TransactionLine(row.getLong("version"), row.getString("kind"), row.getLong("amount"),
                row.getLong("balance_after"), row.getUUID("counterparty_id"), row.getUUID("transfer_id"),
                row.getString("reference"), row.getOffsetDateTime("occurred_at").toInstant());
    }
}
