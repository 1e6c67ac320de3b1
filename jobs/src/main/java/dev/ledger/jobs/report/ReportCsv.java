package dev.ledger.jobs.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ledger.jobs.report.DailyReport.CurrencyDay;
import dev.ledger.jobs.report.DailyReport.Movement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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
            // columns in the records' declaration order, not CsvMapper's default alphabetical one
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    /** A currency's day, after the report's date; the columns are {@link CurrencyDay}'s, in order. */
    @JsonPropertyOrder({"date"})
    record TotalsRow(LocalDate date, @JsonUnwrapped CurrencyDay day) {}

    /** A movement, after its rank; the columns are {@link Movement}'s, in order. */
    @JsonPropertyOrder({"rank"})
    record LargestRow(int rank, @JsonUnwrapped Movement movement) {}

    private ReportCsv() {}

    static String totals(DailyReport report) throws JsonProcessingException {
        List<TotalsRow> rows = report.currencies().stream()
                .map(day -> new TotalsRow(report.date(), day))
                .toList();
        return write(TotalsRow.class, rows);
    }

    /** Ranked from 1, in the report's order (largest first). */
    static String largest(DailyReport report) throws JsonProcessingException {
        List<LargestRow> rows = new ArrayList<>();
        for (Movement movement : report.largestMovements()) {
            rows.add(new LargestRow(rows.size() + 1, movement));
        }
        return write(LargestRow.class, rows);
    }

    private static String write(Class<?> row, List<?> rows) throws JsonProcessingException {
        return CSV.writer(CSV.schemaFor(row).withHeader()).writeValueAsString(rows);
    }
}
