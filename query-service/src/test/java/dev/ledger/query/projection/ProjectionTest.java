package dev.ledger.query.projection;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.Topics;
import dev.ledger.contracts.TransferId;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.Scrape;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import dev.ledger.query.model.QueryModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ProjectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ProjectionMetrics metrics;

    EventPublisher publisher;

    @BeforeEach
    void connect() {
        publisher = new EventPublisher(SharedStack.get().kafka().bootstrapServers());
    }

    @AfterEach
    void disconnect() {
        publisher.close();
    }

    @Test
    void shouldProjectEveryEventIntoEveryReadModel() {
        String currency = Events.uniqueCurrency();
        Events alice = Events.forAccount(currency);
        Events bob = Events.forAccount(currency);
        TransferId transfer = TransferId.random();
        publisher.publish(
                alice.opened("alice"),
                alice.deposited(1000),
                bob.opened("bob"),
                alice.sent(transfer, bob.id(), 300),
                bob.received(transfer, alice.id(), 300),
                alice.withdrawn(100),
                bob.withdrawn(300),
                bob.closed());

        asAdmin()
                .header("X-Min-Version", 4)
                .get("/accounts/{id}", alice.id().toString())
                .then()
                .statusCode(200)
                .body(
                        "owner",
                        equalTo("alice"),
                        "currency",
                        equalTo(currency),
                        "balance",
                        equalTo(600),
                        "status",
                        equalTo("OPEN"),
                        "version",
                        equalTo(4));
        asAdmin()
                .header("X-Min-Version", 4)
                .get("/accounts/{id}", bob.id().toString())
                .then()
                .statusCode(200)
                .body("balance", equalTo(0), "status", equalTo("CLOSED"));
        asAdmin()
                .get("/accounts/{id}/transactions", alice.id().toString())
                .then()
                .statusCode(200)
                .body(
                        "items.kind",
                        contains("WITHDRAWAL", "TRANSFER_OUT", "DEPOSIT"),
                        "items.version",
                        contains(4, 3, 2),
                        "items[1].counterpartyId",
                        equalTo(bob.id().toString()),
                        "items[1].transferId",
                        equalTo(transfer.toString()),
                        "items[1].balanceAfter",
                        equalTo(700));
        asAdmin()
                .get("/ledger/totals")
                .then()
                .statusCode(200)
                .body(
                        "find { it.currency == '" + currency + "' }.totalBalance",
                        equalTo(600),
                        "find { it.currency == '" + currency + "' }.openAccounts",
                        equalTo(1));
    }

    @Test
    void shouldChangeNothingWhenTheSameEventArrivesTwice() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        AccountEvent opened = account.opened("carol");
        MoneyDeposited deposit = account.deposited(100);
        publisher.publish(opened, deposit);
        ProjectionProgress.awaitCaughtUp();
        double duplicatesBefore = metrics.count(ApplyOutcome.DUPLICATE);
        double appliedBefore = metrics.count(ApplyOutcome.APPLIED);

        publisher.publish(deposit, account.deposited(50));

        asAdmin()
                .header("X-Min-Version", 3)
                .get("/accounts/{id}", account.id().toString())
                .then()
                .statusCode(200)
                .body("balance", equalTo(150));
        asAdmin()
                .get("/accounts/{id}/transactions", account.id().toString())
                .then()
                .body("items", hasSize(2));
        ProjectionProgress.awaitCaughtUp();
        assertEquals(1, metrics.count(ApplyOutcome.DUPLICATE) - duplicatesBefore, "the repeat, counted once");
        assertEquals(1, metrics.count(ApplyOutcome.APPLIED) - appliedBefore, "only the new deposit applied");
    }

    @Test
    void shouldParkAnEventAheadOfItsAccountAndApplyItOnceTheGapCloses() throws Exception {
        Events account = Events.forAccount(Events.uniqueCurrency());
        AccountEvent opened = account.opened("dave");
        AccountEvent second = account.deposited(10);
        AccountEvent third = account.deposited(20);
        publisher.publish(opened, third);
        await().atMost(PATIENCE).until(() -> parked(account.id().value()) == 1);
        asAdmin()
                .get("/accounts/{id}", account.id().toString())
                .then()
                .body("version", equalTo(1), "balance", equalTo(0));

        publisher.publish(second);
        asAdmin()
                .header("X-Min-Version", 3)
                .get("/accounts/{id}", account.id().toString())
                .then()
                .statusCode(200)
                .body("balance", equalTo(30));
        assertEquals(0, parked(account.id().value()));
    }

    @Test
    void shouldDeadLetterAPoisonRecordAndApplyTheNextOne() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        AccountEvent opened = account.opened("erin");
        String poisonKey = opened.accountId().toString();
        publisher.publish(opened);
        publisher.publishRaw(
                poisonKey,
                "{\"this is\": \"not an event\"",
                EventPublisher.headers(dev.ledger.contracts.CloudEventAttributes.of(account.deposited(5))));
        publisher.publish(account.deposited(7));

        asAdmin()
                .header("X-Min-Version", 3)
                .header("Prefer", "wait=1")
                .get("/accounts/{id}", account.id().toString())
                .then()
                .statusCode(503);
        ConsumerRecord<String, String> poison = deadLetterKeyed(poisonKey);
        assertEquals("{\"this is\": \"not an event\"", poison.value());
        assertNotNull(TopicReader.header(poison, "dead-letter-reason"), "the reason travels in a header");
        // The poison took version 2's place, so version 3 waits parked: nothing was applied silently.
        await().atMost(PATIENCE).until(() -> parked(account.id().value()) == 1);
        asAdmin().get("/accounts/{id}", account.id().toString()).then().body("version", equalTo(1));
    }

    @Test
    void shouldApplyTheRecordAfterAPoisonOneInTheSamePartition() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        AccountEvent opened = account.opened("frank");
        ProjectionProgress.awaitCaughtUp();
        double appliedBefore = metrics.count(ApplyOutcome.APPLIED);

        publisher.publishRaw(opened.accountId().toString(), "garbage", List.of());
        publisher.publish(opened, account.deposited(9));

        asAdmin()
                .header("X-Min-Version", 2)
                .get("/accounts/{id}", account.id().toString())
                .then()
                .statusCode(200)
                .body("balance", equalTo(9));
        ProjectionProgress.awaitCaughtUp();
        assertEquals(2, metrics.count(ApplyOutcome.APPLIED) - appliedBefore, "both events behind the poison record");
    }

    /**
     * A poll's events are applied in one transaction: published as one batch of records, which the
     * consumer's poll returns whole, the accounts they open were all written by one transaction
     * (their rows' xmin). Applied one by one, each would have its own. 450 events, close to the
     * largest poll (max.poll.records, 500), with room for a few records of other tests before them:
     * a poll's events are settled one after another, and this many must not nest that deep.
     */
    @Test
    void shouldApplyTheEventsOfOnePollInOneTransaction() throws Exception {
        List<Events> accounts = inOnePartition(Events.uniqueCurrency(), 450);
        publisher.publishTogether(
                accounts.stream().map(account -> account.opened("ivy")).toArray(AccountEvent[]::new));
        await().atMost(PATIENCE).until(() -> rowsOf(accounts, "count(*)") == accounts.size());
        assertEquals(1, rowsOf(accounts, "count(DISTINCT xmin::text)"), "the transactions that opened the accounts");
        ProjectionProgress.awaitCaughtUp(); // and the poll was acknowledged
    }

    /**
     * An event the read model refuses (a deposit reusing another deposit's event id breaks the
     * movements' unique event id) fails the poll's one statement, so nothing of it is written; each
     * event is then applied alone, the refused one is dead-lettered, and the others of its poll are
     * applied, before and after it.
     */
    @Test
    void shouldDeadLetterAnEventTheReadModelRefusesAndApplyTheRestOfItsPoll() throws Exception {
        List<Events> accounts = inOnePartition(Events.uniqueCurrency(), 3);
        Events first = accounts.get(0);
        Events refused = accounts.get(1);
        Events last = accounts.get(2);
        AccountEvent firstOpened = first.opened("jack");
        MoneyDeposited firstDeposit = first.deposited(15);
        AccountEvent refusedOpened = refused.opened("kate");
        MoneyDeposited deposit = refused.deposited(25);
        MoneyDeposited reusingAnId = new MoneyDeposited(
                firstDeposit.eventId(),
                deposit.accountId(),
                deposit.version(),
                deposit.occurredAt(),
                deposit.amount(),
                deposit.currency(),
                deposit.balanceAfter(),
                deposit.reference());
        publisher.publishTogether(firstOpened, firstDeposit, refusedOpened, reusingAnId, last.opened("liam"));

        visibleAt(first, 2).body("balance", equalTo(15));
        visibleAt(last, 1).body("balance", equalTo(0));
        ConsumerRecord<String, String> deadLetter = deadLetterKeyed(refused.id().toString());
        assertEquals(reusingAnId.eventId().toString(), TopicReader.header(deadLetter, "ce_id"));
        assertNotNull(TopicReader.header(deadLetter, "dead-letter-reason"), "the reason travels in a header");
        visibleAt(refused, 1).body("version", equalTo(1), "balance", equalTo(0));
    }

    /**
     * Each partition's events are applied by a caller of their own: while the test holds the row lock
     * of one account, so that its deposit waits in PostgreSQL (seen in pg_stat_activity), a deposit
     * on an account of another partition is applied. Were the partitions' records merged into one
     * caller, the second deposit would wait behind the first. The waiting partition's metrics show
     * it: its newest applied event is older than the deposit it waits on, and that deposit is in
     * flight, while the other partition's lag is that of its fresh deposit (one lag for all
     * partitions would hide the wait).
     */
    @Test
    void shouldApplyAnotherPartitionsEventWhileOnePartitionWaitsForALock() throws Exception {
        String currency = Events.uniqueCurrency();
        Events held = Events.forAccount(currency);
        Events other = Events.forAccount(currency);
        while (other.partition() == held.partition()) {
            other = Events.forAccount(currency);
        }
        publisher.publish(held.opened("gina"), other.opened("hugo"));
        visibleAt(held, 1).body("balance", equalTo(0));
        visibleAt(other, 1).body("balance", equalTo(0));

        try (Connection lock = SharedStack.get().postgres().connect("query");
                Connection observer = SharedStack.get().postgres().connect("query")) {
            lock.setAutoCommit(false);
            try (PreparedStatement row =
                    lock.prepareStatement("SELECT id FROM public.account_summary WHERE id = ? FOR UPDATE")) {
                row.setObject(1, held.id().value());
                row.executeQuery().close();
            }
            MoneyDeposited waiting = held.deposited(10);
            publisher.publish(waiting);
            await().atMost(PATIENCE).until(() -> ProjectionFunctionsTest.waitingOnALock(observer));

            MoneyDeposited fresh = other.deposited(20);
            publisher.publish(fresh);
            visibleAt(other, 2).body("balance", equalTo(20));
            asAdmin().get("/accounts/{id}", held.id().toString()).then().body("version", equalTo(1));

            // the other deposit is acknowledged just after its commit made it visible
            int otherPartition = other.partition();
            await().atMost(PATIENCE)
                    .until(() -> gauge(scrape(), "ledger_projection_records_in_flight", otherPartition) == 0);
            Instant before = Instant.now();
            String scrape = scrape();
            Instant after = Instant.now();
            double heldLag = gauge(scrape, "ledger_projection_lag_seconds", held.partition());
            double otherLag = gauge(scrape, "ledger_projection_lag_seconds", otherPartition);
            assertEquals(
                    1, gauge(scrape, "ledger_projection_records_in_flight", held.partition()), "the waiting deposit");
            // the gauge has millisecond resolution; half a millisecond absorbs its decimal rendering
            assertTrue(
                    heldLag >= Duration.between(waiting.occurredAt(), before).toMillis() / 1000.0 - 0.0005,
                    "the waiting partition's lag " + heldLag + " s is not behind its waiting deposit");
            assertTrue(
                    otherLag <= Duration.between(fresh.occurredAt(), after).toMillis() / 1000.0 + 0.0005,
                    "the other partition's lag " + otherLag + " s is behind its applied deposit");
            lock.rollback();
        }
        visibleAt(held, 2).body("balance", equalTo(10));
    }

    private static String scrape() {
        return asAdmin().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double gauge(String scrape, String name, int partition) {
        String series = name + "{partition=\"" + partition + "\"}";
        return Scrape.value(scrape, series).orElseThrow(() -> new AssertionError(series + " is not exposed"));
    }

    private static ValidatableResponse visibleAt(Events account, long version) {
        return asAdmin()
                .header("X-Min-Version", version)
                .get("/accounts/{id}", account.id().toString())
                .then()
                .statusCode(200);
    }

    /** The first record with this key on the dead-letter topic, once it is there. */
    private static ConsumerRecord<String, String> deadLetterKeyed(String key) {
        try (TopicReader dlq =
                new TopicReader(SharedStack.get().kafka().bootstrapServers(), Topics.ACCOUNT_EVENTS_DLQ)) {
            return dlq.awaitRecords(read -> read.stream().anyMatch(r -> key.equals(r.key())), PATIENCE).stream()
                    .filter(r -> key.equals(r.key()))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Accounts whose events all go to one partition, so that one poll can return them together. */
    static List<Events> inOnePartition(String currency, int count) {
        List<Events> accounts = new ArrayList<>(List.of(Events.forAccount(currency)));
        while (accounts.size() < count) {
            Events candidate = Events.forAccount(currency);
            if (candidate.partition() == accounts.getFirst().partition()) {
                accounts.add(candidate);
            }
        }
        return accounts;
    }

    /** An aggregate over the accounts' rows in the live read model, such as how many transactions wrote them (xmin). */
    private static long rowsOf(List<Events> accounts, String aggregate) throws Exception {
        try (Connection db = SharedStack.get().postgres().connect("query");
                Statement statement = db.createStatement();
                ResultSet active = statement.executeQuery("SELECT " + QueryModel.ACTIVE_READ_MODEL + "()")) {
            active.next();
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT " + aggregate + " FROM " + active.getString(1) + ".account_summary WHERE id = ANY (?)")) {
                query.setArray(
                        1,
                        db.createArrayOf(
                                "uuid",
                                accounts.stream()
                                        .map(account -> account.id().value())
                                        .toArray()));
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        }
    }

    static long parked(UUID account) throws Exception {
        try (Connection db = SharedStack.get().postgres().connect("query");
                PreparedStatement query =
                        db.prepareStatement("SELECT count(*) FROM projection.parked_event WHERE account_id = ?")) {
            query.setObject(1, account);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
