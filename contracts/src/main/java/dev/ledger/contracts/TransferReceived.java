package dev.ledger.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Money arrived on {@code accountId} from {@code counterpartyId}; its twin is {@link TransferSent}. */
public record TransferReceived(
        UUID eventId,
        AccountId accountId,
        long version,
        Instant occurredAt,
        TransferId transferId,
        AccountId counterpartyId,
        long amount,
        String currency,
        long balanceAfter,
        String reference)
        implements AccountEvent {

    public TransferReceived {
        EventChecks.common(eventId, accountId, version, occurredAt);
        EventChecks.movement(amount, balanceAfter, currency);
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(counterpartyId, "counterpartyId");
    }
}
