package dev.ledger.contracts;

import java.time.Instant;
import java.util.UUID;

public record AccountClosed(UUID eventId, AccountId accountId, long version, Instant occurredAt)
        implements AccountEvent {

    public AccountClosed {
        EventChecks.common(eventId, accountId, version, occurredAt);
    }
}
