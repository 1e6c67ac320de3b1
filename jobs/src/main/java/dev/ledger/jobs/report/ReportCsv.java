package dev.ledger.jobs.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ledger.jobs.report.DailyReport.Movement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The report's two CSV files: a header of snake_case column names, then one line per row, each
 * ending in a line feed; dates and instants in ISO-8601, an empty field where a movement has no
 * counterparty, and quotes only around a value that needs them.
 */
final class ReportCsv {

    /**
     * Jackson quotes every value longer than 24 characters unless asked to check each one, which
     * would quote every account id and instant.
     */
    private static final CsvMapper CSV = CsvMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    @JsonPropertyOrder({
        "date",
        "currency",
        "opening",
        "deposits",
        "withdrawals",
        "transfers_in",
        "transfers_out",
        "closing"
    })
    record TotalsRow(
            LocalDate date,
            String currency,
            long opening,
            long deposits,
            long withdrawals,
            long transfersIn,
            long transfersOut,
            long closing) {}

    @JsonPropertyOrder({"rank", "account_id", "version", "kind", "amount", "currency", "counterparty_id", "occurred_at"
    })
    record LargestRow(
            int rank,
            UUID accountId,
            long version,
            String kind,
            long amount,
            String currency,
            UUID counterpartyId,
            Instant occurredAt) {}

    private ReportCsv() {}

    static String totals(DailyReport report) throws JsonProcessingException {
        List<TotalsRow> rows = report.currencies().stream()
                .map(day -> new TotalsRow(
                        report.date(),
                        day.currency(),
                        day.opening(),
                        day.deposits(),
                        day.withdrawals(),
                        day.transfersIn(),
                        day.transfersOut(),
                        day.closing()))
                .toList();
        return write(TotalsRow.class, rows);
    }

    /** Ranked from 1, in the report's order (largest first). */
    static String largest(DailyReport report) throws JsonProcessingException {
        List<LargestRow> rows = new ArrayList<>();
        for (Movement movement : report.largestMovements()) {
            rows.add(new LargestRow(
                    rows.size() + 1,
                    movement.accountId(),
                    movement.version(),
                    movement.kind(),
                    movement.amount(),
                    movement.currency(),
                    movement.counterpartyId(),
                    movement.occurredAt()));
        }
        return write(LargestRow.class, rows);
    }

    private static String write(Class<?> row, List<?> rows) throws JsonProcessingException {
        return CSV.writer(CSV.schemaFor(row).withHeader()).writeValueAsString(rows);
    }
}
