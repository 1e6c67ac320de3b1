package dev.ledger.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Money left {@code accountId} for {@code counterpartyId}; its twin is {@link TransferReceived}. */
public record TransferSent(
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

    public TransferSent {
        EventChecks.common(eventId, accountId, version, occurredAt);
        EventChecks.movement(amount, balanceAfter, currency);
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(counterpartyId, "counterpartyId");
    }
}
