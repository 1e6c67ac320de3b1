package dev.ledger.contracts;

import java.time.Instant;
import java.util.UUID;

public record MoneyWithdrawn(
        UUID eventId,
        AccountId accountId,
        long version,
        Instant occurredAt,
        long amount,
        String currency,
        long balanceAfter,
        String reference)
        implements AccountEvent {

    public MoneyWithdrawn {
        EventChecks.common(eventId, accountId, version, occurredAt);
        EventChecks.movement(amount, balanceAfter, currency);
    }
}
