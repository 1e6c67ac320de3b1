package dev.ledger.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ledger.jobs.Connections;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.report.DailyReport.CurrencyDay;
import dev.ledger.jobs.report.DailyReport.Movement;
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
 * Files are written under a temporary name and moved into place, so a kill never leaves half a report.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the daily ledger report as CSV and JSON into the output directory.")
public class ReportCommand implements Callable<Integer> {

    /**
     * Opening and closing are each the sum of every account's balance after its last movement
     * before the bound; the day's movements are summed from the amounts. Computed apart, so
     * opening + movements = closing is a real check of the read model.
     */
    private static final String PER_CURRENCY = """
            WITH bounds AS (SELECT ?::timestamptz AS day_start, ?::timestamptz AS day_end),
            opening AS (SELECT DISTINCT ON (t.account_id) t.account_id, t.balance_after
                        FROM account_transaction t, bounds WHERE t.occurred_at < bounds.day_start
                        ORDER BY t.account_id, t.version DESC),
            closing AS (SELECT DISTINCT ON (t.account_id) t.account_id, t.balance_after
                        FROM account_transaction t, bounds WHERE t.occurred_at < bounds.day_end
                        ORDER BY t.account_id, t.version DESC),
            moves AS (SELECT t.kind, t.amount, s.currency FROM account_transaction t
                      JOIN account_summary s ON s.id = t.account_id, bounds
                      WHERE t.occurred_at >= bounds.day_start AND t.occurred_at < bounds.day_end)
            SELECT c.currency,
                   (SELECT coalesce(sum(o.balance_after), 0) FROM opening o JOIN account_summary s ON s.id = o.account_id
                    WHERE s.currency = c.currency) AS opening,
                   (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'DEPOSIT') AS deposits,
                   (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'WITHDRAWAL') AS withdrawals,
                   (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'TRANSFER_IN') AS transfers_in,
                   (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'TRANSFER_OUT') AS transfers_out,
                   (SELECT coalesce(sum(cl.balance_after), 0) FROM closing cl JOIN account_summary s ON s.id = cl.account_id
                    WHERE s.currency = c.currency) AS closing
            FROM (SELECT DISTINCT currency FROM account_summary) c ORDER BY c.currency
            """;
    /** A transfer is one movement: listed once, from the sending side. */
    private static final String LARGEST = "SELECT t.account_id, t.version, t.kind, t.amount, s.currency, t.counterparty_id,"
            + " t.occurred_at FROM account_transaction t JOIN account_summary s ON s.id = t.account_id"
            + " WHERE t.occurred_at >= ? AND t.occurred_at < ? AND t.kind <> 'TRANSFER_IN'"
            + " ORDER BY t.amount DESC, t.occurred_at, t.account_id LIMIT 10";

    @Spec
    CommandSpec spec;

    @Option(names = "--date", defaultValue = "yesterday",
            description = "The day to report: 2026-11-23, today or yesterday (default: ${DEFAULT-VALUE}, in --zone).")
    String day;

    @Option(names = "--zone", defaultValue = "UTC", description = "Time zone the day is taken in (default: ${DEFAULT-VALUE}).")
    ZoneId zone;

    @Option(names = "--output-dir", defaultValue = "reports", description = "Directory for the files (default: ${DEFAULT-VALUE}).")
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
            spec.commandLine().getErr().println("--date must be a date such as 2026-11-23, today or yesterday, not '"
                    + day + "'");
            return ExitCodes.USAGE;
        }
        Timestamp start = Timestamp.from(date.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(date.plusDays(1).atStartOfDay(zone).toInstant());
        DailyReport report;
        try (Connection db = connections.queryDatabase().getConnection()) {
            db.setReadOnly(true);
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            report = new DailyReport(date, zone.getId(), Instant.now(), currencies(db, start, end), largest(db, start, end));
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
        Path json = write(base + ".json", new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Path totals = write(base + "-totals.csv", totalsCsv(report));
        Path largest = write(base + "-largest.csv", largestCsv(report));
        out.printf("report: %s, %d currencies, %d movements listed; wrote %s, %s, %s%n", date,
                report.currencies().size(), report.largestMovements().size(), json, totals, largest);
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
                    days.add(new CurrencyDay(rows.getString("currency"), rows.getLong("opening"), rows.getLong("deposits"),
                            rows.getLong("withdrawals"), rows.getLong("transfers_in"), rows.getLong("transfers_out"),
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
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    movements.add(new Movement(rows.getObject("account_id", UUID.class), rows.getLong("version"),
                            rows.getString("kind"), rows.getLong("amount"), rows.getString("currency"),
                            rows.getObject("counterparty_id", UUID.class), rows.getTimestamp("occurred_at").toInstant()));
                }
            }
        }
        return movements;
    }

    static String totalsCsv(DailyReport report) {
        StringBuilder csv = new StringBuilder("date,currency,opening,deposits,withdrawals,transfers_in,transfers_out,closing\n");
        for (CurrencyDay day : report.currencies()) {
            csv.append(report.date()).append(',').append(day.currency()).append(',').append(day.opening()).append(',')
                    .append(day.deposits()).append(',').append(day.withdrawals()).append(',').append(day.transfersIn())
                    .append(',').append(day.transfersOut()).append(',').append(day.closing()).append('\n');
        }
        return csv.toString();
    }

    static String largestCsv(DailyReport report) {
        StringBuilder csv = new StringBuilder("rank,account_id,version,kind,amount,currency,counterparty_id,occurred_at\n");
        int rank = 1;
        for (Movement movement : report.largestMovements()) {
            csv.append(rank++).append(',').append(movement.accountId()).append(',').append(movement.version()).append(',')
                    .append(movement.kind()).append(',').append(movement.amount()).append(',').append(movement.currency())
                    .append(',').append(movement.counterpartyId() == null ? "" : movement.counterpartyId()).append(',')
                    .append(movement.occurredAt()).append('\n');
        }
        return csv.toString();
    }

    /** Writes beside the target and moves it into place, replacing an earlier run's file whole. */
    private Path write(String name, String content) throws IOException {
        Path target = outputDirectory.resolve(name);
        Path partial = outputDirectory.resolve(name + ".partial");
        Files.writeString(partial, content);
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
