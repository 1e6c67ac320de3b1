package dev.ledger.command.outbox;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.command.model.CommandModel;
import dev.ledger.contracts.AccountOpened;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.Topics;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.Scrape;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class OutboxRelayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    OutboxRelay relay;

    @Inject
    PublishRound round;

    /** The application's Vert.x, whose event loops serve HTTP. */
    @Inject
    Vertx vertx;

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
     * The relay runs on an event loop of its own ({@link RelayEventLoop}): with each of the
     * application's event loops held, as a burst of requests holds them, it still publishes.
     */
    @Test
    void shouldPublishWhileTheApplicationsEventLoopsAreHeld() throws Exception {
        List<EventExecutor> loops = new ArrayList<>();
        vertx.nettyEventLoopGroup().forEach(loops::add);
        CountDownLatch held = new CountDownLatch(loops.size());
        CountDownLatch release = new CountDownLatch(1);
        relay.stop();
        try {
            UUID id = anAccountWith(100);
            for (EventExecutor loop : loops) {
                loop.execute(() -> {
                    held.countDown();
                    awaitQuietly(release);
                });
            }
            assertTrue(held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "each of the application's loops is held");
            relay.start();
            await().atMost(PATIENCE).until(() -> unpublishedRows(id) == 0);
            try (TopicReader topic = reader()) {
                topic.awaitRecords(r -> versionsOf(r, id).size() == 2, PATIENCE);
            }
        } finally {
            release.countDown();
            relay.start();
        }
    }

    /**
     * The advisory lock makes relay rounds exclusive, across replicas too. The test first holds the
     * lock itself, then stops a round midway by holding the rows it must mark, and meanwhile runs a
     * second round as another replica would: each time the other round skips and sends nothing.
     */
    @Test
    void shouldSkipARoundWhileAnotherRelayHoldsTheLockAndPublishEachEventOnce() throws Exception {
        UUID id;
        try (Connection lockHolder = connect();
                Connection rowHolder = connect();
                Connection observer = connect()) {
            try (PreparedStatement lock = lockHolder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, CommandModel.RELAY_LOCK);
                lock.execute();
            }
            id = anAccountWith(100);
            int skipped = round.run().await().atMost(PATIENCE);
            assertEquals(0, skipped, "the lock is taken: the round publishes nothing");
            assertEquals(2, unpublishedRows(id));

            rowHolder.setAutoCommit(false);
            try (PreparedStatement rows =
                    rowHolder.prepareStatement("SELECT id FROM outbox_event WHERE aggregate_id = ? FOR UPDATE")) {
                rows.setObject(1, id);
                rows.executeQuery().close();
            }
            try (PreparedStatement unlock = lockHolder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, CommandModel.RELAY_LOCK);
                unlock.execute();
            }
            relay.wake();
            long rowHolderPid = count(rowHolder, "SELECT pg_backend_pid()");
            // The observer stays in autocommit: inside a transaction pg_stat_activity is one snapshot.
            await().atMost(PATIENCE).until(() -> blockedBy(observer, rowHolderPid) == 1);
            assertFalse(relayLockFree(observer), "the round that sent the rows holds the lock until they are marked");
            int meanwhile = round.run().await().atMost(PATIENCE);
            assertEquals(0, meanwhile, "a second relay skips its round meanwhile");
            assertEquals(1, blockedBy(observer, rowHolderPid), "and has nothing to mark");
            rowHolder.rollback();
        }
        await().atMost(PATIENCE).until(() -> unpublishedRows(id) == 0);
        try (TopicReader topic = reader()) {
            topic.awaitRecords(r -> versionsOf(r, id).size() >= 2, PATIENCE);
            assertEquals(List.of(1L, 2L), versionsOf(topic.readToEnd(PATIENCE), id), "each event sent once");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
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
