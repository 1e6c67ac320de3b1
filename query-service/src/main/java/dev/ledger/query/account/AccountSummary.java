package dev.ledger.query.account;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account as the read model knows it. */
@Schema(description = "An account as the read model knows it")
public record AccountSummary(
        UUID id,
        String owner,
        String currency,
        long balance,
        @Schema(description = "OPEN or CLOSED") String status,

        @Schema(description = "That of the last event applied; what X-Min-Version waits for")
        long version,

        @Schema(description = "When that event happened") Instant updatedAt) {

    static AccountSummary of(Row row) {
        return new AccountSummary(
                row.getUUID("id"),
                row.getString("owner"),
                row.getString("currency"),
                row.getLong("balance"),
                row.getString("status"),
                row.getLong("version"),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
