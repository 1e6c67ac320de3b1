package dev.ledger.command.transfer;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A completed transfer, as {@code GET /transfers/{id}} returns it. */
@Schema(description = "A completed transfer")
public record TransferRecord(
        UUID transferId,
        UUID from,
        UUID to,
        @Schema(description = "In minor units (cents)") long amount,
        String currency,
        String reference,
        @Schema(description = "When both accounts changed") Instant createdAt) {}
