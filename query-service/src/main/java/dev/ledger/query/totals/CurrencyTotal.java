package dev.ledger.query.totals;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The ledger's position in one currency, maintained event by event. */
@Schema(description = "The ledger's position in one currency")
public record CurrencyTotal(
        String currency,

        @Schema(description = "Sum of every balance, in minor units (cents)")
        long totalBalance,

        long openAccounts,

        @Schema(description = "When the last event in this currency happened")
        Instant lastEventAt) {}
