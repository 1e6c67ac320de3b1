package dev.ledger.command.outbox;

import dev.ledger.command.config.LedgerConfig;
import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * One round of the relay: read the oldest unpublished rows that are not already on their way and hand
 * them to Kafka (idempotent producer, {@code acks=all}). The round ends there, so the next one can read
 * while Kafka still acknowledges this one's; each batch is marked published once Kafka acknowledged
 * it, batch after batch in the order they were sent. Rounds hold the relay's lock ({@link RelayLease})
 * from the first until no row waits for its mark, so one relay of all replicas publishes at a time.
 * At most {@code ledger.outbox.batch-size} rows are on their way at once, as when a round waited for
 * its acknowledgements. After a crash between send and mark the rows are sent again: at-least-once.
 */
@ApplicationScoped
public class PublishRound {

    /**
     * What a round handed to Kafka: {@code rows}, all it could read at once when {@code full}, and
     * {@code marked} completes with the number marked. A round that found a batch's worth of rows on
     * their way sends nothing; it is {@code waiting}, and {@code marked} completes once they are marked.
     */
    public record Sent(int rows, boolean full, boolean waiting, Uni<Integer> marked) {
        static final Sent NOTHING = new Sent(0, false, false, Uni.createFrom().item(0));
    }

    private static final Logger LOG = Logger.getLogger(PublishRound.class);

    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final OutboxMetrics metrics;
    private final LedgerConfig config;
    private final RelayLease lease;

    /** Accounts one of whose events the producer refused: their later events are not sent. */
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();
    /** Accounts with an event Kafka did not acknowledge: their later events are not marked. */
    private final Set<UUID> heldBack = ConcurrentHashMap.newKeySet();

    private final OnTheirWay onTheirWay;

    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    public PublishRound(
            OutboxRepository outbox,
            OutboxSender sender,
            OutboxMetrics metrics,
            LedgerConfig config,
            Vertx vertx,
            Config datasource) {
        this.outbox = outbox;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.lease = new RelayLease(outbox, vertx, RelayConnectOptions.of(datasource));
        this.onTheirWay = new OnTheirWay(this::markable, outbox::markPublished);
    }

    /** Sends nothing while another relay holds the lock; rounds must not overlap. */
    public Uni<Sent> run() {
        return lease.take()
                .flatMap(connection -> connection == null ? anotherRelayPublishes() : read(connection))
                .onFailure()
                .invoke(failure -> {
                    failed(failure);
                    lease.close();
                });
    }

    /** True while nothing is on its way to Kafka and Kafka refused nothing since. */
    public boolean settled() {
        return onTheirWay.rows() == 0 && refused.isEmpty() && heldBack.isEmpty();
    }

    /** Ends the lock's session once every row on its way is marked: when the relay stops. */
    public void close() {
        onTheirWay.allMarked().whenComplete((marked, failure) -> lease.close());
    }

    /** The reason the last send or round failed, or null once a round sends everything it read. */
    public String lastFailure() {
        return lastFailure.get();
    }

    private Uni<Sent> anotherRelayPublishes() {
        // a failure this one saw earlier is no longer current
        lastFailure.set(null);
        return Uni.createFrom().item(Sent.NOTHING);
    }

    private Uni<Sent> read(SqlConnection connection) {
        if (!refused.isEmpty() || !heldBack.isEmpty()) {
            // Kafka did not acknowledge an event: once every row on its way is marked, the held-back
            // accounts go again from their oldest unpublished event, on the next notification or poll.
            return Uni.createFrom()
                    .completionStage(onTheirWay.allMarked())
                    .onItemOrFailure()
                    .transform((marked, failure) -> {
                        refused.clear();
                        heldBack.clear();
                        return Sent.NOTHING;
                    });
        }
        int room = config.outbox().batchSize() - onTheirWay.rows();
        if (room <= 0) {
            // A batch's worth on its way already: an outage then holds back that many, not every row read meanwhile.
            return Uni.createFrom().item(new Sent(0, false, true, marked(onTheirWay.oldestMarked())));
        }
        return readBatch(connection, room);
    }

    private Uni<Sent> readBatch(SqlConnection connection, int limit) {
        return outbox.nextBatch(connection, limit, onTheirWay.ids()).flatMap(batch -> {
            if (!batch.isEmpty()) {
                return Uni.createFrom().item(send(batch, limit));
            }
            Uni<Void> quiet =
                    onTheirWay.rows() == 0 ? lease.release() : Uni.createFrom().voidItem();
            return quiet.replaceWith(Sent.NOTHING);
        });
    }

    private Sent send(List<PendingEvent> batch, int limit) {
        // Subscribing hands the batch to the producer now, behind every earlier batch.
        CompletableFuture<List<Boolean>> acks =
                sender.send(batch, refused, this::failed).subscribeAsCompletionStage();
        CompletableFuture<List<Long>> marked = onTheirWay.add(batch, acks).whenComplete((ids, failure) -> {
            if (failure == null) {
                metrics.published(batch, ids);
            } else {
                failed(failure);
            }
        });
        return new Sent(batch.size(), batch.size() == limit, false, marked(marked));
    }

    private static Uni<Integer> marked(CompletableFuture<List<Long>> ids) {
        return Uni.createFrom().completionStage(ids).map(List::size);
    }

    /**
     * A send Kafka refused (unreachable, timed out, or not authorized by the cluster's ACLs): kept
     * for the health check and logged once per new reason, not once per event, so an outage cannot
     * flood the log.
     */
    private void failed(Throwable failure) {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (!reason.equals(lastFailure.getAndSet(reason))) {
            LOG.warnf("Kafka refused an outbox event; the relay sends it again later: %s", reason);
        }
    }

    /**
     * The ids safe to mark: acknowledged, of an account none of whose events went unacknowledged
     * before. A send that fails late (timed out) may leave a later event of its account acknowledged
     * before the earlier one is sent again; consumers order by version and park the later one until
     * the earlier arrives (the idempotent producer's own retries never reorder).
     */
    private List<Long> markable(List<PendingEvent> batch, List<Boolean> acked) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            UUID account = batch.get(i).accountId();
            if (acked.get(i) && !heldBack.contains(account)) {
                ids.add(batch.get(i).id());
            } else {
                heldBack.add(account);
            }
        }
        if (ids.size() == batch.size() && heldBack.isEmpty()) {
            lastFailure.set(null);
        } else {
            metrics.failed(batch.size() - ids.size());
        }
        return ids;
    }
}
