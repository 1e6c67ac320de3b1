package dev.ledger.query.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.Topics;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import dev.ledger.query.model.QueryModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A second consumer joins group {@code query-service} beside the application's, as a second
 * replica would, and applies events through the same projection functions. Across both, every
 * event is applied exactly once: redeliveries after the rebalance count as duplicates.
 */
@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ConsumerGroupTest {

    private static final int ACCOUNTS = 30;
    private static final int DEPOSITS = 3;

    @Inject
    ProjectionMetrics metrics;

    @Inject
    @ConfigProperty(name = "mp.messaging.incoming.account-events.group.id")
    String group;

    @Test
    void shouldConsumeInTheGroupQueryModelPublishes() {
        assertEquals(QueryModel.CONSUMER_GROUP, group, "reconcile finds the projection's progress by this name");
    }

    @Test
    void shouldApplyEachEventExactlyOnceAcrossTwoConsumersInOneGroup() throws Exception {
        double appliedByApp = metrics.count(ApplyOutcome.APPLIED);
        try (SecondReplica second = new SecondReplica()) {
            await().atMost(Duration.ofSeconds(60)).until(second::hasPartitions);
            List<Events> accounts = new ArrayList<>();
            String currency = Events.uniqueCurrency();
            try (EventPublisher publisher =
                    new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
                for (int i = 0; i < ACCOUNTS; i++) {
                    Events account = Events.forAccount(currency);
                    accounts.add(account);
                    publisher.publish(account.opened("owner-" + i));
                    for (int d = 1; d <= DEPOSITS; d++) {
                        publisher.publish(account.deposited(d));
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> accountsAtVersion(accounts, DEPOSITS + 1) == ACCOUNTS);
            int total = ACCOUNTS * (DEPOSITS + 1);
            double byApp = metrics.count(ApplyOutcome.APPLIED) - appliedByApp;
            assertTrue(byApp > 0, "the application applied some events");
            assertTrue(second.applied.get() > 0, "the second replica applied some events");
            assertEquals(total, byApp + second.applied.get(), "every event applied exactly once across both");
        }
    }

    private static int accountsAtVersion(List<Events> accounts, long version) throws Exception {
        try (Connection db = SharedStack.get().postgres().connect("query");
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM account_summary WHERE id = ANY(?) AND version = ? AND balance = ?")) {
            query.setArray(
                    1,
                    db.createArrayOf(
                            "uuid", accounts.stream().map(a -> a.id().value()).toArray(UUID[]::new)));
            query.setLong(2, version);
            query.setLong(3, DEPOSITS * (DEPOSITS + 1) / 2);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** A plain Kafka consumer in the same group, applying each event through the service's own SQL step. */
    private static final class SecondReplica implements AutoCloseable {

        final AtomicInteger applied = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicBoolean assigned = new AtomicBoolean();
        private final Thread thread = new Thread(this::run, "second-replica");

        SecondReplica() {
            thread.start();
        }

        boolean hasPartitions() {
            return assigned.get();
        }

        private void run() {
            Properties config = new Properties();
            config.put(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedStack.get().kafka().bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, QueryModel.CONSUMER_GROUP);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
                    Connection db = SharedStack.get().postgres().connect("query")) {
                db.setAutoCommit(false);
                consumer.subscribe(List.of(Topics.ACCOUNT_EVENTS));
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        apply(db, TopicReader.event(record));
                    }
                    assigned.set(!consumer.assignment().isEmpty());
                    consumer.commitSync();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void apply(Connection db, AccountEvent event) throws Exception {
            try (PreparedStatement apply = db.prepareStatement("SELECT projection.apply_to_read_models(?, ?::jsonb)")) {
                apply.setString(1, event.type().ceType());
                apply.setString(2, AccountEventCodec.toJson(event));
                try (ResultSet outcome = apply.executeQuery()) {
                    outcome.next();
                    if ("APPLIED".equals(outcome.getString(1))) {
                        applied.incrementAndGet();
                    }
                }
            }
            db.commit();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
