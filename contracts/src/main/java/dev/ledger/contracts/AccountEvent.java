package dev.ledger.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact about one account. {@code version} is the account's version after the change: 1 for
 * {@link AccountOpened}, then 2, 3, ... with no gaps, so a consumer can tell duplicates from gaps.
 */
public sealed interface AccountEvent
        permits AccountOpened, MoneyDeposited, MoneyWithdrawn, TransferSent, TransferReceived, AccountClosed {

    UUID eventId();

    AccountId accountId();

    long version();

    Instant occurredAt();

    /** The CloudEvents {@code type} of this event (see {@link EventType}). */
    default EventType type() {
        return EventType.of(this);
    }
}
