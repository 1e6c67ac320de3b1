package dev.ledger.jobs.report;

import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** Opening + deposits - withdrawals + transfersIn - transfersOut = closing. */
    public record CurrencyDay(
            String currency,
            long opening,
            long deposits,
            long withdrawals,
            long transfersIn,
            long transfersOut,
            long closing) {

        /** A row of the day's totals (see ReportCommand). */
        static CurrencyDay of(ResultSet row) throws SQLException {
            return new CurrencyDay(
                    row.getString("currency"),
                    row.getLong("opening"),
                    row.getLong("deposits"),
                    row.getLong("withdrawals"),
                    row.getLong("transfers_in"),
                    row.getLong("transfers_out"),
                    row.getLong("closing"));
        }

        public boolean balances() {
            return opening + deposits - withdrawals + transfersIn - transfersOut == closing;
        }
    }

    public record Movement(
            UUID accountId,
            long version,
            String kind,
            long amount,
            String currency,
            UUID counterpartyId,
            Instant occurredAt) {

        /** A row of the day's largest movements (see ReportCommand). */
        static Movement of(ResultSet row) throws SQLException {
            return new Movement(
                    row.getObject("account_id", UUID.class),
                    row.getLong("version"),
                    row.getString("kind"),
                    row.getLong("amount"),
                    row.getString("currency"),
                    row.getObject("counterparty_id", UUID.class),
                    row.getTimestamp("occurred_at").toInstant());
        }
    }
}
