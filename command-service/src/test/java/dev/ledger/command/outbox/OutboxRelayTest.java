package dev.ledger.command.outbox;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.command.config.LedgerConfig;
import dev.ledger.command.model.CommandModel;
import dev.ledger.contracts.AccountOpened;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.Topics;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.Scrape;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class OutboxRelayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxSender sender;

    @Inject
    OutboxMetrics metrics;

    @Inject
    LedgerConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Config datasource;

    @Test
    void shouldPublishEachEventAsACloudEventKeyedByItsAccount() {
        UUID id = anAccountWith(500);
        try (TopicReader topic = reader()) {
            List<ConsumerRecord<String, String>> records =
                    topic.awaitRecords(r -> versionsOf(r, id).size() == 2, PATIENCE);
            ConsumerRecord<String, String> deposit = recordsOf(records, id).get(1);
            assertEquals(id.toString(), deposit.key());
            assertEquals("1.0", TopicReader.header(deposit, "ce_specversion"));
            assertEquals("dev.ledger.account.money-deposited", TopicReader.header(deposit, "ce_type"));
            assertEquals("urn:dev.ledger:command-service", TopicReader.header(deposit, "ce_source"));
            assertEquals(id.toString(), TopicReader.header(deposit, "ce_subject"));
            assertEquals("1", TopicReader.header(deposit, "ce_schemaversion"));
            MoneyDeposited event = assertInstanceOf(MoneyDeposited.class, TopicReader.event(deposit));
            assertEquals(event.eventId().toString(), TopicReader.header(deposit, "ce_id"));
            assertEquals(500, event.amount());
            assertEquals(500, event.balanceAfter());
            assertInstanceOf(
                    AccountOpened.class,
                    TopicReader.event(recordsOf(records, id).get(0)));
        }
    }

    @Test
    void shouldPublishInOrderWhatWasCommittedWhileTheRelayWasStopped() throws Exception {
        relay.stop();
        UUID id;
        try {
            id = anAccountWith(100);
            deposit(id, 1);
            deposit(id, 2);
            assertEquals(4, unpublishedRows(id), "committed, waiting in the outbox");
        } finally {
            relay.start();
        }
        try (TopicReader topic = reader()) {
            topic.awaitRecords(r -> versionsOf(r, id).size() == 4, PATIENCE);
            assertEquals(List.of(1L, 2L, 3L, 4L), versionsOf(topic.readToEnd(PATIENCE), id));
        }
        await().atMost(PATIENCE).until(() -> unpublishedRows(id) == 0);
    }

    @Test
    void shouldKeepAcceptingCommandsWhileKafkaIsDownAndDrainInOrderAfter() throws Exception {
        UUID id = anAccountWith(0);
        try (TopicReader topic = reader()) {
            topic.awaitRecords(r -> versionsOf(r, id).size() == 1, PATIENCE);
        }
        SharedStack.get().kafka().stop();
        try {
            for (int i = 1; i <= 5; i++) {
                deposit(id, i);
            }
            asAdmin().get("/q/health/ready").then().statusCode(200);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> asAdmin()
                            .get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN")));
            await().atMost(PATIENCE).until(() -> metric("ledger_outbox_pending") >= 5);
            assertEquals(5, unpublishedRows(id));
        } finally {
            SharedStack.get().kafka().start();
        }
        try (TopicReader topic = reader()) {
            topic.awaitRecords(r -> versionsOf(r, id).size() >= 6, PATIENCE);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), versionsOf(topic.readToEnd(PATIENCE), id));
        }
        await().atMost(PATIENCE).until(() -> unpublishedRows(id) == 0);
        // the five waited for Kafka: their publish latency counts the outage
        assertTrue(metric("ledger_outbox_publish_latency_seconds_max") > 0);
        assertTrue(metric("ledger_outbox_publish_latency_seconds_count") >= 6);
    }

    @Test
    void shouldRepublishInOrderWhenTheMarkOfAPublishedRowWasLost() throws Exception {
        UUID id = anAccountWith(10);
        deposit(id, 5);
        try (TopicReader topic = reader()) {
            topic.awaitRecords(r -> versionsOf(r, id).size() == 3, PATIENCE);
        }
        await().atMost(PATIENCE).until(() -> unpublishedRows(id) == 0);
        try (Connection db = SharedStack.get().postgres().connect("command");
                PreparedStatement unmark =
                        db.prepareStatement("UPDATE outbox_event SET published_at = NULL WHERE aggregate_id = ?");
                Statement notify = db.createStatement()) {
            unmark.setObject(1, id);
            assertEquals(3, unmark.executeUpdate());
            notify.execute("NOTIFY outbox_event");
        }
        try (TopicReader topic = reader()) {
            List<ConsumerRecord<String, String>> records =
                    topic.awaitRecords(r -> versionsOf(r, id).size() == 6, PATIENCE);
            assertEquals(
                    List.of(1L, 2L, 3L, 1L, 2L, 3L),
                    versionsOf(records, id),
                    "at-least-once: the whole run again, still in order");
        }
    }

    /**
     * The advisory lock makes relays exclusive across replicas. The test first holds the lock itself,
     * then stops this relay's rows midway by holding the rows it must mark, and meanwhile runs a round
     * of a second relay, as another replica would: each time the other round sends nothing.
     */
    @Test
    void shouldSkipARoundWhileAnotherRelayHoldsTheLockAndPublishEachEventOnce() throws Exception {
        PublishRound anotherReplica = new PublishRound(outbox, sender, metrics, config, vertx, datasource);
        UUID id;
        try (Connection lockHolder = connect();
                Connection rowHolder = connect();
                Connection observer = connect()) {
            holdRelayLock(lockHolder);
            id = anAccountWith(100);
            assertEquals(0, anotherReplica.run().await().atMost(PATIENCE).rows(), "the lock is taken: nothing sent");
            assertEquals(2, unpublishedRows(id));

            long rowHolderPid = holdOutboxRows(rowHolder, id);
            releaseRelayLock(lockHolder);
            relay.wake();
            // The observer stays in autocommit: inside a transaction pg_stat_activity is one snapshot.
            await().atMost(PATIENCE).until(() -> blockedBy(observer, rowHolderPid) == 1);
            assertFalse(relayLockFree(observer), "the relay holds the lock until the rows it sent are marked");
            assertEquals(
                    0, anotherReplica.run().await().atMost(PATIENCE).rows(), "another relay sends nothing meanwhile");
            assertEquals(1, blockedBy(observer, rowHolderPid), "and has nothing to mark");
            rowHolder.rollback();
        } finally {
            anotherReplica.close();
        }
        await().atMost(PATIENCE).until(() -> unpublishedRows(id) == 0);
        try (TopicReader topic = reader()) {
            topic.awaitRecords(r -> versionsOf(r, id).size() >= 2, PATIENCE);
            assertEquals(List.of(1L, 2L), versionsOf(topic.readToEnd(PATIENCE), id), "each event sent once");
        }
        try (Connection observer = connect()) {
            await().atMost(PATIENCE).until(() -> relayLockFree(observer));
        }
    }

    /**
     * A round does not wait for the marks of the rows before it, but at most a batch's worth of rows
     * is on its way. With the relay stopped, the test runs rounds of four rows itself and holds the
     * first account's rows so that their mark waits: the next account's events still reach Kafka; a
     * third round sends nothing until the rows before are marked; and no row is read, nor sent, twice.
     */
    @Test
    void shouldSendTheNextRowsWhileTheOnesBeforeWaitForTheirMarkUpToABatch() throws Exception {
        relay.stop();
        PublishRound rounds = new PublishRound(outbox, sender, metrics, batchesOf(4), vertx, datasource);
        UUID first;
        UUID next;
        UUID third;
        try (Connection rowHolder = connect();
                Connection observer = connect()) {
            first = anAccountWith(100);
            long rowHolderPid = holdOutboxRows(rowHolder, first);
            PublishRound.Sent firstRows = rounds.run().await().atMost(PATIENCE);
            assertEquals(2, firstRows.rows());
            await().atMost(PATIENCE).until(() -> blockedBy(observer, rowHolderPid) == 1);

            next = anAccountWith(50);
            assertEquals(2, rounds.run().await().atMost(PATIENCE).rows(), "read while the first rows' mark waits");
            try (TopicReader topic = reader()) {
                UUID sentMeanwhile = next;
                topic.awaitRecords(r -> versionsOf(r, sentMeanwhile).size() == 2, PATIENCE);
            }
            assertEquals(2, unpublishedRows(next), "marks keep the order of the sends");

            third = anAccountWith(25);
            PublishRound.Sent waiting = rounds.run().await().atMost(PATIENCE);
            assertTrue(waiting.waiting(), "four rows on their way: the round waits");
            assertEquals(0, waiting.rows());
            assertEquals(1, blockedBy(observer, rowHolderPid), "the first rows' mark still waits");
            rowHolder.rollback();
            assertEquals(2, firstRows.marked().await().atMost(PATIENCE));
            waiting.marked().await().atMost(PATIENCE);
            assertEquals(2, rounds.run().await().atMost(PATIENCE).rows(), "the third account's events");
        } finally {
            rounds.close();
            relay.start();
        }
        await().atMost(PATIENCE)
                .until(() -> unpublishedRows(first) + unpublishedRows(next) + unpublishedRows(third) == 0);
        try (TopicReader topic = reader()) {
            UUID last = third;
            topic.awaitRecords(r -> versionsOf(r, last).size() >= 2, PATIENCE);
            List<ConsumerRecord<String, String>> records = topic.readToEnd(PATIENCE);
            for (UUID account : List.of(first, next, third)) {
                assertEquals(List.of(1L, 2L), versionsOf(records, account), "each event sent once");
            }
        }
    }

    /** This service's settings, with relay rounds of at most {@code rows} rows. */
    private LedgerConfig batchesOf(int rows) {
        LedgerConfig.Outbox outboxSettings = config.outbox();
        LedgerConfig.Outbox smallBatches = new LedgerConfig.Outbox() {
            @Override
            public boolean relayEnabled() {
                return outboxSettings.relayEnabled();
            }

            @Override
            public int batchSize() {
                return rows;
            }

            @Override
            public Duration pollInterval() {
                return outboxSettings.pollInterval();
            }
        };
        return new LedgerConfig() {
            @Override
            public Outbox outbox() {
                return smallBatches;
            }

            @Override
            public Http http() {
                return config.http();
            }
        };
    }

    /** Takes the relay's lock, waiting while the relay holds it for rows on their way. */
    private static void holdRelayLock(Connection holder) throws Exception {
        try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, CommandModel.RELAY_LOCK);
            lock.execute();
        }
    }

    private static void releaseRelayLock(Connection holder) throws Exception {
        try (PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, CommandModel.RELAY_LOCK);
            unlock.execute();
        }
    }

    /** Locks an account's outbox rows in an open transaction, so that marking them waits; returns its pid. */
    private static long holdOutboxRows(Connection holder, UUID id) throws Exception {
        holder.setAutoCommit(false);
        try (PreparedStatement rows =
                holder.prepareStatement("SELECT id FROM outbox_event WHERE aggregate_id = ? FOR UPDATE")) {
            rows.setObject(1, id);
            rows.executeQuery().close();
        }
        return count(holder, "SELECT pg_backend_pid()");
    }

    private static Connection connect() throws Exception {
        return SharedStack.get().postgres().connect("command");
    }

    /** Tries the relay's lock in a transaction of its own (autocommit), so a lock it gets is released at once. */
    private static boolean relayLockFree(Connection observer) throws Exception {
        return count(observer, "SELECT pg_try_advisory_xact_lock(" + CommandModel.RELAY_LOCK + ")::int") == 1;
    }

    private static long blockedBy(Connection observer, long pid) throws Exception {
        return count(
                observer,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()" + " AND " + pid
                        + " = ANY(pg_blocking_pids(pid))");
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void deposit(UUID id, long amount) {
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", amount))
                .post("/accounts/{id}/deposits", id)
                .then()
                .statusCode(200);
    }

    private static TopicReader reader() {
        return new TopicReader(SharedStack.get().kafka().bootstrapServers(), Topics.ACCOUNT_EVENTS);
    }

    static List<ConsumerRecord<String, String>> recordsOf(List<ConsumerRecord<String, String>> records, UUID id) {
        return records.stream().filter(r -> id.toString().equals(r.key())).toList();
    }

    static List<Long> versionsOf(List<ConsumerRecord<String, String>> records, UUID id) {
        return recordsOf(records, id).stream()
                .map(r -> TopicReader.event(r).version())
                .toList();
    }

    private static long unpublishedRows(UUID id) throws Exception {
        try (Connection db = SharedStack.get().postgres().connect("command");
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND published_at IS NULL")) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static double metric(String name) {
        return Scrape.value(
                        asAdmin()
                                .get("/q/metrics")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString(),
                        name)
                .orElse(-1);
    }
}
