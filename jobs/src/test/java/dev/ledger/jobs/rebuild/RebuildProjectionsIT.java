package dev.ledger.jobs.rebuild;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobRun;
import dev.ledger.jobs.Ledger;
import dev.ledger.query.model.QueryModel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RebuildProjectionsIT {

    private static final List<UUID> ACCOUNTS = new ArrayList<>();

    /** Real commands: deposits, withdrawals and transfers among a few accounts, fully projected. */
    @BeforeAll
    static void populate() throws Exception {
        Ledger.start();
        for (int i = 0; i < 4; i++) {
            UUID account = Ledger.open("rebuild-" + i, "HUF");
            Ledger.deposit(account, 1_000 * (i + 1));
            ACCOUNTS.add(account);
        }
        Ledger.withdraw(ACCOUNTS.get(0), 250);
        Ledger.transfer(ACCOUNTS.get(1), ACCOUNTS.get(2), 700);
        Ledger.transfer(ACCOUNTS.get(3), ACCOUNTS.get(0), 1_100);
        awaitProjected();
    }

    @Test
    void shouldRebuildReadModelsEqualToWhatTheLiveProjectionProduced() throws Exception {
        try (Connection read = queryDatabase()) {
            String before = readModels(read);
            String liveSchema = activeSchema(read);
            try (Statement corrupt = read.createStatement()) {
                corrupt.executeUpdate("UPDATE account_summary SET balance = balance + 13");
                corrupt.executeUpdate("DELETE FROM account_transaction WHERE kind = 'DEPOSIT'");
                corrupt.executeUpdate("UPDATE currency_total SET total_balance = 0");
            }
            assertNotEquals(before, readModels(read));

            JobRun.Result rebuild = JobRun.run("rebuild-projections", "--batch-size", "7");

            assertEquals(ExitCodes.OK, rebuild.exitCode(), rebuild.out() + rebuild.err());
            assertTrue(rebuild.out().contains("is live"), rebuild.out());
            assertEquals(before, readModels(read));
            assertNotEquals(liveSchema, activeSchema(read));
            assertFalse(schemaExists(read, liveSchema), "the previous read model is dropped after the switch");
        }
    }

    @Test
    void shouldNotLoseEventsCommittedWhileTheRebuildRuns() throws Exception {
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger depositsDuring = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            int i = 0;
            while (rebuilding.get()) {
                try {
                    Ledger.deposit(ACCOUNTS.get(i++ % ACCOUNTS.size()), 1);
                    depositsDuring.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        traffic.start();
        JobRun.Result rebuild;
        try {
            // A batch of 2: the final catch-up under the registry lock spans many batches and must stay one
            // transaction.
            rebuild = JobRun.run("rebuild-projections", "--batch-size", "2");
        } finally {
            rebuilding.set(false);
            traffic.join();
        }
        assertEquals(ExitCodes.OK, rebuild.exitCode(), rebuild.out() + rebuild.err());
        assertTrue(depositsDuring.get() > 0, "commands ran during the rebuild");
        awaitProjected();
        JobRun.Result reconcile = JobRun.run("reconcile", "--settle", "10s");
        assertEquals(ExitCodes.OK, reconcile.exitCode(), reconcile.out());
        assertTrue(reconcile.out().startsWith("reconcile: CONSISTENT"), reconcile.out());
    }

    @Test
    void shouldLeaveTheLiveReadModelServingWhenKilledAndStartCleanOnTheRerun() throws Exception {
        try (Connection read = queryDatabase();
                Connection blocker = queryDatabase()) {
            String liveSchema = activeSchema(read);
            String before = readModels(read);
            blocker.setAutoCommit(false);
            try (Statement hold = blocker.createStatement()) {
                // Holds the registry, so the job stops right before its switch: the most dangerous moment to die.
                hold.execute("SELECT * FROM projection.read_model FOR SHARE");
            }
            JobRun job = JobRun.start("rebuild-projections");
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingForRegistry(read));
            job.kill();
            blocker.rollback();

            assertEquals(liveSchema, activeSchema(read), "queries still read the live read model");
            assertEquals(before, readModels(read));
            UUID account = ACCOUNTS.get(0);
            Ledger.awaitQuery(account, Ledger.deposit(account, 5));

            JobRun.Result rerun = JobRun.run("rebuild-projections");
            assertEquals(ExitCodes.OK, rerun.exitCode(), rerun.out() + rerun.err());
            assertTrue(rerun.out().contains("dropped unfinished read model"), rerun.out());
            assertEquals(1, count(read, "SELECT count(*) FROM projection.read_model"), "only the new live read model");
            Ledger.awaitQuery(account, Ledger.deposit(account, 5));
            assertEquals(ExitCodes.OK, JobRun.run("reconcile").exitCode());
        }
    }

    @Test
    void shouldRefuseToRunTwiceAtOnce() throws Exception {
        try (Connection read = queryDatabase();
                Statement lock = read.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + QueryModel.REBUILD_LOCK + ")");
            JobRun.Result second = JobRun.run("rebuild-projections");
            assertEquals(ExitCodes.BUSY, second.exitCode(), second.out() + second.err());
        }
    }

    private static void awaitProjected() throws Exception {
        for (UUID account : ACCOUNTS) {
            Ledger.awaitQuery(account, Ledger.version(account));
        }
    }

    private static Connection queryDatabase() throws Exception {
        return SharedStack.get().postgres().connect(LocalStack.QUERY_DATABASE);
    }

    /** The three read models, row by row, in a stable order. */
    private static String readModels(Connection read) throws Exception {
        return dump(read, "SELECT * FROM account_summary ORDER BY id")
                + dump(read, "SELECT * FROM account_transaction ORDER BY account_id, version")
                + dump(read, "SELECT * FROM currency_total ORDER BY currency");
    }

    private static String dump(Connection db, String sql) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData columns = rows.getMetaData();
            while (rows.next()) {
                for (int c = 1; c <= columns.getColumnCount(); c++) {
                    text.append(rows.getString(c)).append('|');
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static String activeSchema(Connection db) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT " + QueryModel.ACTIVE_READ_MODEL + "()")) {
            row.next();
            return row.getString(1);
        }
    }

    private static boolean schemaExists(Connection db, String schema) throws Exception {
        return count(db, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'") == 1;
    }

    private static boolean waitingForRegistry(Connection db) throws Exception {
        return count(
                        db,
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'" + " AND query LIKE '%"
                                + QueryModel.LOCK_READ_MODELS + "%'")
                > 0;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
