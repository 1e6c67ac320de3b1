package dev.ledger.jobs.reconcile;

import dev.ledger.command.model.CommandModel;
import dev.ledger.jobs.Connections;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobCommand;
import dev.ledger.jobs.JobJson;
import dev.ledger.jobs.Rows;
import dev.ledger.jobs.reconcile.Reconciliation.Comparison;
import dev.ledger.jobs.reconcile.Reconciliation.Finding;
import dev.ledger.query.model.QueryModel;
import dev.ledger.support.kafka.KafkaConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Compares every account and every currency's totals between the write model (command database)
 * and the read model (query database), as each side publishes them ({@link CommandModel},
 * {@link QueryModel}). Accounts that are behind are re-read for a bounded time; those still behind
 * whose events are in flight are lag, the rest drift.
 */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = "Compare the write model with the read model; print a JSON summary. Exit 0 when"
                + " consistent (lag alone is reported, not failed), 3 when something drifts.")
public class ReconcileCommand extends JobCommand {

    /** Both sides publish accounts and totals as views of the same shape, so one query reads either. */
    private static final String ACCOUNTS = "SELECT id, currency, balance, version, status FROM ";

    private static final String TOTALS = "SELECT currency, total_balance, open_accounts FROM ";

    @Option(
            names = "--settle",
            defaultValue = "10s",
            description =
                    "How long accounts that are behind are re-read before they count (default: ${DEFAULT-VALUE}).")
    Duration settle;

    private final JobJson json;

    public ReconcileCommand(Connections connections, JobJson json) {
        super(connections);
        this.json = json;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Connection write = connections().commandDatabase().getConnection();
                Connection read = connections().queryDatabase().getConnection()) {
            // The read side is read first: whatever commits meanwhile makes the read model look
            // behind (re-checked below), never ahead (which would be drift).
            Map<UUID, AccountState> readAccounts = accounts(read, QueryModel.ACCOUNT_STATE);
            Map<String, CurrencyState> readTotals = totals(read, QueryModel.CURRENCY_STATE);
            Map<UUID, AccountState> written = accounts(write, CommandModel.ACCOUNT_STATE);
            Map<String, CurrencyState> writtenTotals = totals(write, CommandModel.CURRENCY_STATE);
            Comparison comparison = Reconciliation.compare(written, readAccounts);
            long deadline = System.nanoTime() + settle.toNanos();
            while ((!comparison.behind().isEmpty()
                            || !Reconciliation.differingCurrencies(writtenTotals, readTotals)
                                    .isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
                readAccounts = accounts(read, QueryModel.ACCOUNT_STATE);
                readTotals = totals(read, QueryModel.CURRENCY_STATE);
                written = accounts(write, CommandModel.ACCOUNT_STATE);
                writtenTotals = totals(write, CommandModel.CURRENCY_STATE);
                comparison = Reconciliation.compare(written, readAccounts);
            }
            List<Finding> lag = new ArrayList<>();
            List<Finding> drift = new ArrayList<>(comparison.drift());
            Set<UUID> inFlight = inFlight(write, comparison.behind());
            for (Finding behind : comparison.behind()) {
                (inFlight.contains(behind.accountId()) ? lag : drift).add(behind);
            }
            List<Map<String, Object>> totals = new ArrayList<>();
            boolean totalsDrift = false;
            for (String currency : Reconciliation.differingCurrencies(writtenTotals, readTotals)) {
                boolean lagging =
                        lag.stream().anyMatch(f -> currency.equals(f.command().currency()));
                totalsDrift |= !lagging;
                totals.add(Map.of(
                        "currency",
                        currency,
                        "status",
                        lagging ? "LAG" : "DRIFT",
                        "command",
                        writtenTotals.getOrDefault(currency, new CurrencyState(0, 0)),
                        "query",
                        readTotals.getOrDefault(currency, new CurrencyState(0, 0))));
            }
            boolean drifting = !drift.isEmpty() || totalsDrift;
            String status = drifting ? "DRIFT" : lag.isEmpty() ? "CONSISTENT" : "LAG";
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("status", status);
            summary.put("checkedAt", Instant.now());
            summary.put("accounts", written.size());
            summary.put("currencies", writtenTotals.size());
            summary.put("drift", drift);
            summary.put("lag", lag);
            summary.put("differingTotals", totals);
            out.printf(
                    "reconcile: %s, %d accounts, %d drifting, %d lagging%n",
                    status, written.size(), drift.size(), lag.size());
            out.println(json.write(summary));
            return drifting ? ExitCodes.DRIFT : ExitCodes.OK;
        }
    }

    private Set<UUID> inFlight(Connection write, List<Finding> behind) throws Exception {
        if (behind.isEmpty()) {
            return Set.of();
        }
        List<UUID> accounts = behind.stream().map(Finding::accountId).toList();
        Set<UUID> waiting = InFlight.unpublished(write, accounts);
        try (Admin admin = Admin.create(KafkaConnection.settings(connections().kafka()))) {
            waiting.addAll(InFlight.unconsumed(admin, connections().kafkaNames(), accounts));
        }
        return waiting;
    }

    private static Map<UUID, AccountState> accounts(Connection db, String view) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(ACCOUNTS + view)) {
            return Rows.all(query, AccountState::of).stream()
                    .collect(Collectors.toMap(AccountState::id, account -> account));
        }
    }

    private static Map<String, CurrencyState> totals(Connection db, String view) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(TOTALS + view)) {
            return Rows.all(
                            query,
                            row -> Map.entry(
                                    row.getString("currency"),
                                    new CurrencyState(row.getLong("total_balance"), row.getLong("open_accounts"))))
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }
}
