package dev.ledger.query.totals;

import java.time.Instant;

/** The ledger's position in one currency, maintained event by event. */
public record CurrencyTotal(String currency, long totalBalance, long openAccounts, Instant lastEventAt) {
}
