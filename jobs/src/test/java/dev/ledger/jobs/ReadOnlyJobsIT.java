package dev.ledger.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.command.model.CommandModel;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import dev.ledger.query.model.QueryModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs that only read (reconcile, report) run as the databases' read-only logins, which the
 * services grant the published API after every migration (afterMigrate.sql), and those logins can
 * change nothing: a job that writes fails, and the private tables stay closed to them.
 */
class ReadOnlyJobsIT {

    /** Both databases as their read-only logins (devstack creates them with its own password). */
    private static final Map<String, String> READ_ONLY =
            Map.of("COMMAND_DB_USER", CommandModel.READ_ONLY_ROLE, "QUERY_DB_USER", QueryModel.READ_ONLY_ROLE);

    @BeforeAll
    static void startServices() throws Exception {
        Ledger.start();
    }

    @Test
    void shouldReconcileAndReportAsTheReadOnlyLogins(@TempDir Path reports) throws Exception {
        UUID account = Ledger.open("read-only", "CZK");
        Ledger.awaitQuery(account, Ledger.deposit(account, 250));

        JobRun.Result reconcile = JobRun.run(READ_ONLY, "reconcile", "--settle", "5s");
        assertEquals(ExitCodes.OK, reconcile.exitCode(), reconcile.out() + reconcile.err());
        assertTrue(reconcile.out().startsWith("reconcile: CONSISTENT"), reconcile.out());

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JobRun.Result report = JobRun.run(READ_ONLY, "report", "--date", today, "--output-dir", reports.toString());
        assertEquals(ExitCodes.OK, report.exitCode(), report.out() + report.err());
    }

    @Test
    void shouldRefuseAJobThatWritesAsTheReadOnlyLogins() throws Exception {
        JobRun.Result purge = JobRun.run(READ_ONLY, "purge-outbox", "--older-than", "1s");
        assertNotEquals(ExitCodes.OK, purge.exitCode(), purge.out() + purge.err());
        assertTrue((purge.out() + purge.err()).contains("permission denied"), purge.out() + purge.err());
    }

    @Test
    void shouldKeepThePrivateTablesClosedToTheReadOnlyLogins() throws Exception {
        try (Connection command = connect(LocalStack.COMMAND_DATABASE, CommandModel.READ_ONLY_ROLE);
                Statement statement = command.createStatement()) {
            assertDenied(statement, "SELECT count(*) FROM account");
            assertDenied(statement, "UPDATE account SET balance = 0");
            assertDenied(statement, "DELETE FROM outbox_event");
            statement
                    .executeQuery("SELECT count(*) FROM " + CommandModel.ACCOUNT_STATE)
                    .close();
        }
        try (Connection query = connect(LocalStack.QUERY_DATABASE, QueryModel.READ_ONLY_ROLE);
                Statement statement = query.createStatement()) {
            assertDenied(statement, "SELECT count(*) FROM projection.read_model");
            assertDenied(statement, "SELECT " + QueryModel.CREATE_BUILDING_READ_MODEL + "()");
            statement
                    .executeQuery("SELECT count(*) FROM " + QueryModel.ACCOUNT_STATE)
                    .close();
        }
    }

    private static void assertDenied(Statement statement, String sql) {
        SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
        assertTrue(refused.getMessage().contains("permission denied"), sql + ": " + refused.getMessage());
    }

    private static Connection connect(String database, String role) throws SQLException {
        var postgres = SharedStack.get().postgres();
        Properties login = new Properties();
        login.setProperty("user", role);
        login.setProperty("password", postgres.password());
        return DriverManager.getConnection(postgres.jdbcUrl(database), login);
    }
}
