package dev.ledger.jobs.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import dev.ledger.jobs.JobRun;
import dev.ledger.jobs.Ledger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PurgeOutboxIT {

    @BeforeAll
    static void startServices() throws Exception {
        Ledger.start();
    }

    @Test
    void shouldDeleteOnlyPublishedRowsAndKeysOlderThanTheRetention() throws Exception {
        UUID old = Ledger.open("purge-old", "DKK");
        Ledger.awaitQuery(old, Ledger.deposit(old, 10));
        UUID recent = Ledger.open("purge-recent", "DKK");
        Ledger.awaitQuery(recent, Ledger.deposit(recent, 10));
        String oldKey = "purge-" + UUID.randomUUID();
        String recentKey = "purge-" + UUID.randomUUID();
        try (Connection db = SharedStack.get().postgres().connect(LocalStack.COMMAND_DATABASE)) {
            execute(
                    db,
                    "UPDATE outbox_event SET published_at = now() - interval '10 days' WHERE aggregate_id = ?",
                    old);
            execute(
                    db,
                    "UPDATE outbox_event SET published_at = now() - interval '1 day' WHERE aggregate_id = ?",
                    recent);
            insertKey(db, oldKey, "10 days");
            insertKey(db, recentKey, "1 day");
            UUID unpublished;
            try (Ledger.PausedRelay relay = Ledger.pauseRelay()) {
                unpublished = Ledger.open("purge-unpublished", "DKK");
                execute(
                        db,
                        "UPDATE outbox_event SET occurred_at = now() - interval '10 days' WHERE aggregate_id = ?",
                        unpublished);

                JobRun.Result purge = JobRun.run("purge-outbox", "--older-than", "7d", "--batch-size", "1");

                assertEquals(0, purge.exitCode(), purge.err());
                assertTrue(purge.out().contains("removed 2 published outbox rows and 1 idempotency keys"), purge.out());
                assertEquals(0, count(db, "SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", old));
                assertEquals(2, count(db, "SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", recent));
                assertEquals(
                        1,
                        count(
                                db,
                                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND published_at IS NULL",
                                unpublished),
                        "an unpublished row survives whatever its age");
                assertEquals(0, count(db, "SELECT count(*) FROM idempotency_key WHERE key = ?", oldKey));
                assertEquals(1, count(db, "SELECT count(*) FROM idempotency_key WHERE key = ?", recentKey));
            }
            Ledger.awaitQuery(unpublished, 1);
        }
        JobRun.Result again = JobRun.run("purge-outbox", "--older-than", "7d");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("removed 0 published outbox rows and 0 idempotency keys"), again.out());
    }

    private static void execute(Connection db, String sql, UUID account) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, account);
            statement.executeUpdate();
        }
    }

    private static void insertKey(Connection db, String key, String age) throws Exception {
        try (PreparedStatement insert =
                db.prepareStatement("INSERT INTO idempotency_key (key, fingerprint, response_status,"
                        + " response_body, created_at) VALUES (?, 'f', 200, '{}', now() - ?::interval)")) {
            insert.setString(1, key);
            insert.setString(2, age);
            insert.executeUpdate();
        }
    }

    private static long count(Connection db, String sql, Object parameter) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
