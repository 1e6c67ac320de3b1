package dev.ledger.command.outbox;

import dev.ledger.command.config.LedgerConfig;
import dev.ledger.contracts.CloudEventAttributes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to {@code ledger.account-events} as CloudEvents, in the order
 * they were written, then marks them published.
 *
 * <ul>
 *   <li>Wakes on PostgreSQL {@code NOTIFY outbox_event} (sent by a trigger when a transaction that
 *       wrote events commits), so an event normally leaves within milliseconds; a slow scheduled poll
 *       covers a lost notification or a dropped LISTEN connection.</li>
 *   <li>Each round holds a transaction-scoped advisory lock: with several replicas only one
 *       publishes at a time, which keeps every account's events in order.</li>
 *   <li>A row is marked published only after Kafka acknowledged it (idempotent producer,
 *       {@code acks=all}). After a crash between the two, the row is sent again: at-least-once.</li>
 *   <li>When a send fails, no later row of that account is marked in that round, so a retry
 *       never leaves an account's events out of order.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed key of the advisory lock that makes one relay publish at a time. */
    static final long RELAY_LOCK = 0x6c65646765720001L;
    private static final String NEXT_BATCH = "SELECT id, event_id, aggregate_id, event_type, payload::text AS payload,"
            + " occurred_at FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1";
    private static final String MARK_PUBLISHED = "UPDATE outbox_event SET published_at = now() WHERE id = ANY($1)";

    private final Pool pool;
    private final Emitter<String> events;
    private final OutboxMetrics metrics;
    private final LedgerConfig config;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running;
    private volatile Instant lastPublishedAt;
    private PgSubscriber subscriber;

    public OutboxRelay(Pool pool, @Channel("account-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
                               bufferSize = 4096) Emitter<String> events,
                       OutboxMetrics metrics, LedgerConfig config, Vertx vertx,
                       @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                       @ConfigProperty(name = "quarkus.datasource.username") String user,
                       @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
        this.listenOptions = PgConnectOptions.fromUri(url).setUser(user).setPassword(password.orElse(null));
    }

    void onStart(@Observes StartupEvent start) {
        if (config.outbox().relayEnabled()) {
            start();
        } else {
            LOG.info("outbox relay disabled on this replica (ledger.outbox.relay-enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    /** Starts listening and publishes whatever is already waiting. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(attempts -> 1000L);
        subscriber.channel("outbox_event").handler(payload -> wake());
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("outbox relay listening for outbox_event notifications"),
                failure -> LOG.warnf("outbox relay cannot LISTEN (%s); relying on the fallback poll", failure.getMessage()));
        wake();
    }

    /** Stops publishing: rows committed from now on wait in the outbox until the next start. */
    public synchronized void stop() {
        running = false;
        if (subscriber != null) {
            subscriber.closeAndForget();
            subscriber = null;
        }
    }

    @Scheduled(every = "${ledger.outbox.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    /** Asks for a round; rounds never overlap, and a request during a round triggers another. */
    public void wake() {
        wanted.set(true);
        if (running && draining.compareAndSet(false, true)) {
            wanted.set(false);
            publishBatch().subscribe().with(
                    published -> {
                        draining.set(false);
                        if (published >= config.outbox().batchSize() || wanted.get()) {
                            wake();
                        }
                    },
                    failure -> {
                        draining.set(false);
                        lastFailure.set(failure.getMessage());
                        LOG.warnf("outbox relay round failed, retrying on the next poll or notification: %s",
                                failure.getMessage());
                    });
        }
    }

    /** One round: lock, read a batch in id order, send, mark what Kafka acknowledged. Returns rows marked. */
    Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(RELAY_LOCK))
                .flatMap(lock -> lock.iterator().next().getBoolean("locked")
                        ? connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(config.outbox().batchSize()))
                                .flatMap(batch -> send(batch).flatMap(acknowledged -> mark(connection, acknowledged)))
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> mark(SqlConnection connection, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(RowSet::rowCount)
                .invoke(count -> {
                    metrics.published(count);
                    lastPublishedAt = Instant.now();
                });
    }

    /** Sends the whole batch in order, then returns the ids safe to mark: acknowledged, and no earlier failure of the same account. */
    private Uni<List<Long>> send(RowSet<Row> batch) {
        List<Row> rows = new ArrayList<>();
        List<CompletableFuture<Boolean>> acks = new ArrayList<>();
        Set<UUID> refused = new HashSet<>();
        for (Row row : batch) {
            rows.add(row);
            UUID account = row.getUUID("aggregate_id");
            // Once the producer refused one of an account's events, its later ones wait for the next round.
            CompletableFuture<Boolean> ack = refused.contains(account) ? CompletableFuture.completedFuture(false) : send(row);
            if (ack.isDone() && !ack.join()) {
                refused.add(account);
            }
            acks.add(ack);
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .map(done -> {
                    List<Long> publishable = new ArrayList<>();
                    Set<UUID> failedAccounts = new HashSet<>();
                    for (int i = 0; i < rows.size(); i++) {
                        UUID account = rows.get(i).getUUID("aggregate_id");
                        if (acks.get(i).join() && !failedAccounts.contains(account)) {
                            publishable.add(rows.get(i).getLong("id"));
                        } else {
                            failedAccounts.add(account);
                        }
                    }
                    if (!failedAccounts.isEmpty()) {
                        metrics.failed(rows.size() - publishable.size());
                    } else {
                        lastFailure.set(null);
                    }
                    return publishable;
                });
    }

    private CompletableFuture<Boolean> send(Row row) {
        CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
        String accountId = row.getUUID("aggregate_id").toString();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(row.getUUID("event_id").toString())
                .withSource(CloudEventAttributes.SOURCE)
                .withType(row.getString("event_type"))
                .withSubject(accountId)
                .withTimestamp(row.getOffsetDateTime("occurred_at").atZoneSameInstant(ZoneOffset.UTC))
                .withDataContentType(CloudEventAttributes.JSON)
                .withExtension(CloudEventAttributes.SCHEMA_VERSION_EXTENSION, CloudEventAttributes.SCHEMA_VERSION)
                .build();
        Message<String> message = Message.of(row.getString("payload"))
                .addMetadata(cloudEvent)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(accountId).build())
                .withAck(() -> {
                    acknowledged.complete(true);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    lastFailure.set(failure.getMessage());
                    acknowledged.complete(false);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            events.send(message);
        } catch (RuntimeException e) {
            lastFailure.set(e.getMessage());
            acknowledged.complete(false);
        }
        // A send that fails later (timed out) may leave a later event of the account acknowledged
        // before the earlier one is sent again; consumers order by version, so they park the later
        // one until the earlier arrives (the idempotent producer's own retries never reorder).
        return acknowledged;
    }

    public boolean isRunning() {
        return running;
    }

    /** The reason the last send failed, or null once a round succeeds again. */
    public String lastFailure() {
        return lastFailure.get();
    }

    public Instant lastPublishedAt() {
        return lastPublishedAt;
    }
}
