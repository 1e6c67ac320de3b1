package dev.ledger.jobs.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The ledger's day, per currency, as the read side recorded it. All amounts in minor units. */
public record DailyReport(
        LocalDate date,
        String zone,
        Instant generatedAt,
        List<CurrencyDay> currencies,
        List<Movement> largestMovements) {

    /**
     * A row of the day's totals (see ReportCommand): opening + deposits - withdrawals + transfersIn -
     * transfersOut = closing.
     */
    public record CurrencyDay(
            String currency,
            long opening,
            long deposits,
            long withdrawals,
            long transfersIn,
            long transfersOut,
            long closing) {

        public boolean balances() {
            return opening + deposits - withdrawals + transfersIn - transfersOut == closing;
        }
    }

    /** A row of the day's largest movements (see ReportCommand). */
    public record Movement(
            UUID accountId,
            long version,
            String kind,
            long amount,
            String currency,
            UUID counterpartyId,
            Instant occurredAt) {}
}
