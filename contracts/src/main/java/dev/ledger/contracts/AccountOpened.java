package dev.ledger.contracts;

import java.time.Instant;
import java.util.UUID;

public record AccountOpened(
        UUID eventId, AccountId accountId, long version, Instant occurredAt, String owner, String currency)
        implements AccountEvent {

    public AccountOpened {
        EventChecks.common(eventId, accountId, version, occurredAt);
        EventChecks.text(owner, "owner");
        EventChecks.currency(currency);
        if (version != 1) {
            throw new IllegalArgumentException("an account opens at version 1, was " + version);
        }
    }
}
