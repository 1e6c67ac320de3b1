package dev.ledger.contracts;

import java.util.Objects;

/** Checks shared by the events' compact constructors, so a malformed event can never exist. */
final class EventChecks {

    /** Upper bound for any single amount, in minor units. */
    static final long MAX_AMOUNT = 1_000_000_000_000L;

    private EventChecks() {}

    static void common(Object eventId, AccountId accountId, long version, Object occurredAt) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    static void movement(long amount, long balanceAfter, String currency) {
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("amount must be in 1.." + MAX_AMOUNT + ", was " + amount);
        }
        if (balanceAfter < 0) {
            throw new IllegalArgumentException("balanceAfter must not be negative, was " + balanceAfter);
        }
        currency(currency);
    }

    static void currency(String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
        }
    }

    static void text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
