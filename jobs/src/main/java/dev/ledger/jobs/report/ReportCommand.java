package dev.ledger.jobs.report;

import dev.ledger.jobs.Connections;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobCommand;
import dev.ledger.jobs.JobJson;
import dev.ledger.jobs.Rows;
import dev.ledger.jobs.report.DailyReport.CurrencyDay;
import dev.ledger.jobs.report.DailyReport.Movement;
import dev.ledger.query.model.QueryModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the daily ledger report, computed from the read side: per currency the opening total,
 * the day's deposits, withdrawals and transfers, the closing total, and the ten largest movements.
 * The figures come from the functions query-service publishes ({@link QueryModel}); opening plus
 * the day's movements must give the closing, which query-service computes apart. Files are written
 * under a temporary name and moved into place, so a kill never leaves half a report.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write the daily ledger report as CSV and JSON into the output directory.")
public class ReportCommand extends JobCommand {

    private static final String PER_CURRENCY = "SELECT currency, opening, deposits, withdrawals, transfers_in,"
            + " transfers_out, closing FROM " + QueryModel.DAILY_TOTALS + "(?, ?)";
    private static final String LARGEST = "SELECT account_id, version, kind, amount, currency, counterparty_id,"
            + " occurred_at FROM " + QueryModel.LARGEST_MOVEMENTS + "(?, ?, ?)";
    private static final int LARGEST_MOVEMENTS = 10;

    @Option(
            names = "--date",
            defaultValue = "yesterday",
            description = "The day to report: 2026-11-23, today or yesterday (default: ${DEFAULT-VALUE}, in --zone).")
    String day;

    @Option(
            names = "--zone",
            defaultValue = "UTC",
            description = "Time zone the day is taken in (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(
            names = "--output-dir",
            defaultValue = "reports",
            description = "Directory for the files (default: ${DEFAULT-VALUE}).")
    Path outputDirectory;

    private final JobJson json;

    public ReportCommand(Connections connections, JobJson json) {
        super(connections);
        this.json = json;
    }

    @Override
    public Integer call() throws SQLException, IOException {
        PrintWriter out = out();
        LocalDate date = parseDay(day, zone);
        if (date == null) {
            return stop(
                    ExitCodes.USAGE, "--date must be a date such as 2026-11-23, today or yesterday, not '" + day + "'");
        }
        Timestamp start = Timestamp.from(date.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(date.plusDays(1).atStartOfDay(zone).toInstant());
        DailyReport report;
        try (Connection db = connections().queryDatabase().getConnection()) {
            db.setReadOnly(true);
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            report = new DailyReport(
                    date, zone.getId(), Instant.now(), currencies(db, start, end), largest(db, start, end));
            db.commit();
        }
        for (CurrencyDay day : report.currencies()) {
            if (!day.balances()) {
                return stop(ExitCodes.FAILED, "report: " + day.currency() + " does not balance: " + day);
            }
        }
        Files.createDirectories(outputDirectory);
        String base = "ledger-report-" + date;
        Path document = write(base + ".json", json.write(report));
        Path totals = write(base + "-totals.csv", ReportCsv.totals(report));
        Path largest = write(base + "-largest.csv", ReportCsv.largest(report));
        out.printf(
                "report: %s, %d currencies, %d movements listed; wrote %s, %s, %s%n",
                date, report.currencies().size(), report.largestMovements().size(), document, totals, largest);
        return ExitCodes.OK;
    }

    /** The day named by {@code --date}, or null when it names none. */
    static LocalDate parseDay(String day, ZoneId zone) {
        LocalDate today = LocalDate.now(zone);
        return switch (day) {
            case "today" -> today;
            case "yesterday" -> today.minusDays(1);
            default -> {
                try {
                    yield LocalDate.parse(day);
                } catch (DateTimeParseException e) {
                    yield null;
                }
            }
        };
    }

    private static List<CurrencyDay> currencies(Connection db, Timestamp start, Timestamp end) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(PER_CURRENCY)) {
            query.setTimestamp(1, start);
            query.setTimestamp(2, end);
            return Rows.all(query, CurrencyDay::of);
        }
    }

    private static List<Movement> largest(Connection db, Timestamp start, Timestamp end) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(LARGEST)) {
            query.setTimestamp(1, start);
            query.setTimestamp(2, end);
            query.setInt(3, LARGEST_MOVEMENTS);
            return Rows.all(query, Movement::of);
        }
    }

    /** Writes beside the target and moves it into place, replacing an earlier run's file whole. */
    private Path write(String name, String content) throws IOException {
        Path target = outputDirectory.resolve(name);
        Path partial = outputDirectory.resolve(name + ".partial");
        Files.writeString(partial, content);
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
