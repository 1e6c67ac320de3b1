package dev.ledger.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ledger.jobs.Connections;
import dev.ledger.jobs.ExitCodes;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
public class ReportCommand implements Callable<Integer> {

    private static final String PER_CURRENCY = "SELECT currency, opening, deposits, withdrawals, transfers_in,"
            + " transfers_out, closing FROM " + QueryModel.DAILY_TOTALS + "(?, ?)";
    private static final String LARGEST = "SELECT account_id, version, kind, amount, currency, counterparty_id,"
            + " occurred_at FROM " + QueryModel.LARGEST_MOVEMENTS + "(?, ?, ?)";
    private static final int LARGEST_MOVEMENTS = 10;

    @Spec
    CommandSpec spec;

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

    private final Connections connections;

    public ReportCommand(Connections connections) {
        this.connections = connections;
    }

    @Override
    public Integer call() throws SQLException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        LocalDate date = parseDay(day, zone);
        if (date == null) {
            spec.commandLine()
                    .getErr()
                    .println("--date must be a date such as 2026-11-23, today or yesterday, not '" + day + "'");
            return ExitCodes.USAGE;
        }
        Timestamp start = Timestamp.from(date.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(date.plusDays(1).atStartOfDay(zone).toInstant());
        DailyReport report;
        try (Connection db = connections.queryDatabase().getConnection()) {
            db.setReadOnly(true);
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            report = new DailyReport(
                    date, zone.getId(), Instant.now(), currencies(db, start, end), largest(db, start, end));
            db.commit();
        }
        for (CurrencyDay day : report.currencies()) {
            if (!day.balances()) {
                spec.commandLine().getErr().println("report: " + day.currency() + " does not balance: " + day);
                return ExitCodes.FAILED;
            }
        }
        Files.createDirectories(outputDirectory);
        String base = "ledger-report-" + date;
        Path json = write(
                base + ".json",
                new ObjectMapper()
                        .registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(report));
        Path totals = write(base + "-totals.csv", ReportCsv.totals(report));
        Path largest = write(base + "-largest.csv", ReportCsv.largest(report));
        out.printf(
                "report: %s, %d currencies, %d movements listed; wrote %s, %s, %s%n",
                date, report.currencies().size(), report.largestMovements().size(), json, totals, largest);
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
        List<CurrencyDay> days = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(PER_CURRENCY)) {
            query.setTimestamp(1, start);
            query.setTimestamp(2, end);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    days.add(new CurrencyDay(
                            rows.getString("currency"),
                            rows.getLong("opening"),
                            rows.getLong("deposits"),
                            rows.getLong("withdrawals"),
                            rows.getLong("transfers_in"),
                            rows.getLong("transfers_out"),
                            rows.getLong("closing")));
                }
            }
        }
        return days;
    }

    private static List<Movement> largest(Connection db, Timestamp start, Timestamp end) throws SQLException {
        List<Movement> movements = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(LARGEST)) {
            query.setTimestamp(1, start);
            query.setTimestamp(2, end);
            query.setInt(3, LARGEST_MOVEMENTS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    movements.add(new Movement(
                            rows.getObject("account_id", UUID.class),
                            rows.getLong("version"),
                            rows.getString("kind"),
                            rows.getLong("amount"),
                            rows.getString("currency"),
                            rows.getObject("counterparty_id", UUID.class),
                            rows.getTimestamp("occurred_at").toInstant()));
                }
            }
        }
        return movements;
    }

    /** Writes beside the target and moves it into place, replacing an earlier run's file whole. */
    private Path write(String name, String content) throws IOException {
        Path target = outputDirectory.resolve(name);
        Path partial = outputDirectory.resolve(name + ".partial");
        Files.writeString(partial, content);
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
