import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The write model as the checks need it, read over JDBC. The invariants are about rows the command
 * API does not show (every transfer, every stored idempotency answer, the outbox), so the driver
 * reads command-service's own tables as an auditor would; accounts and totals it reads through the
 * views command-service publishes (command-model's CommandModel), as reconcile does.
 */
final class WriteModel {

    /** A transfer row; the load puts each transfer's Idempotency-Key in its reference. */
    record TransferRow(UUID id, String reference, UUID from, UUID to, long amount) {}

    private WriteModel() {}

    static Map<UUID, QueryApi.AccountState> accounts(Connection db) throws SQLException {
        Map<UUID, QueryApi.AccountState> accounts = new HashMap<>();
        try (PreparedStatement query =
                        db.prepareStatement("SELECT id, balance, version FROM command_api.account_state");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                accounts.put(
                        rows.getObject("id", UUID.class),
                        new QueryApi.AccountState(rows.getLong("balance"), rows.getLong("version")));
            }
        }
        return accounts;
    }

    static List<CurrencyTotal> totals(Connection db) throws SQLException {
        List<CurrencyTotal> totals = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                        "SELECT currency, total_balance, open_accounts FROM command_api.currency_state");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                totals.add(new CurrencyTotal(
                        rows.getString("currency"), rows.getLong("total_balance"), rows.getLong("open_accounts")));
            }
        }
        return totals;
    }

    static List<TransferRow> transfers(Connection db) throws SQLException {
        List<TransferRow> transfers = new ArrayList<>();
        try (PreparedStatement query =
                        db.prepareStatement("SELECT id, reference, from_account, to_account, amount FROM transfer");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                transfers.add(new TransferRow(
                        rows.getObject("id", UUID.class),
                        rows.getString("reference"),
                        rows.getObject("from_account", UUID.class),
                        rows.getObject("to_account", UUID.class),
                        rows.getLong("amount")));
            }
        }
        return transfers;
    }

    /** The status stored with each Idempotency-Key whose command finished (a claim alone has none). */
    static Map<String, Integer> storedAnswers(Connection db) throws SQLException {
        Map<String, Integer> statuses = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(
                        "SELECT key, response_status FROM idempotency_key WHERE response_status IS NOT NULL");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                statuses.put(rows.getString("key"), rows.getInt("response_status"));
            }
        }
        return statuses;
    }

    static long unpublishedEvents(Connection db) throws SQLException {
        try (PreparedStatement query =
                        db.prepareStatement("SELECT count(*) FROM outbox_event WHERE published_at IS NULL");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Whether a session of command-service's (not the driver's) is inside a transaction right now: a
     * command between its row locks and its commit, or a relay round holding its lock.
     */
    static boolean transactionOpen(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND backend_type = 'client backend'"
                + " AND xact_start IS NOT NULL AND pid <> pg_backend_pid() AND application_name <> ?")) {
            query.setString(1, Cluster.APPLICATION_NAME);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }
}
