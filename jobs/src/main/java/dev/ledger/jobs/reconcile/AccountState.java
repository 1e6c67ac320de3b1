package dev.ledger.jobs.reconcile;

import java.util.UUID;

/** One account as one side of the ledger records it, a row of either side's account view (see ReconcileCommand). */
public record AccountState(UUID id, String currency, long balance, long version, String status) {}
