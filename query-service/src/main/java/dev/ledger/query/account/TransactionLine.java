package dev.ledger.query.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One money movement on an account: DEPOSIT, WITHDRAWAL, TRANSFER_OUT or TRANSFER_IN. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One money movement on an account")
public record TransactionLine(
        @Schema(description = "The account's version this movement made")
        long version,

        @Schema(description = "DEPOSIT, WITHDRAWAL, TRANSFER_OUT or TRANSFER_IN")
        String kind,

        @Schema(description = "In minor units (cents); kind gives the direction")
        long amount,

        long balanceAfter,

        @Schema(description = "The other account, for a transfer")
        UUID counterpartyId,

        @Schema(description = "For a transfer") UUID transferId,
        String reference,
        Instant occurredAt) {

    static TransactionLine of(Row row) {
        return new TransactionLine(
                row.getLong("version"),
                row.getString("kind"),
                row.getLong("amount"),
                row.getLong("balance_after"),
                row.getUUID("counterparty_id"),
                row.getUUID("transfer_id"),
                row.getString("reference"),
                row.getOffsetDateTime("occurred_at").toInstant());
    }
}
