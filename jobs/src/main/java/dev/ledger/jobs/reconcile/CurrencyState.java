package dev.ledger.jobs.reconcile;

/** One currency's totals as one side records them. */
public record CurrencyState(long totalBalance, long openAccounts) {}
