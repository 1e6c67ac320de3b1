package dev.ledger.command.transfer;

import java.time.Instant;
import java.util.UUID;

/** A completed transfer, as {@code GET /transfers/{id}} returns it. */
public record TransferRecord(UUID transferId, UUID from, UUID to, long amount, String currency, String reference,
                             Instant createdAt) {

    static TransferRecord of(Transfer transfer) {
        return new TransferRecord(transfer.id(), transfer.fromAccount(), transfer.toAccount(), transfer.amount(),
                transfer.currency(), transfer.reference(), transfer.createdAt());
    }
}
