package dev.ledger.command.outbox;

import dev.ledger.command.config.LedgerConfig;
import dev.ledger.command.model.CommandModel;
import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One round of the relay, in one transaction: take the relay's lock ({@link CommandModel#RELAY_LOCK},
 * so that one relay of all replicas publishes at a time), read the oldest unpublished rows, send
 * them and mark published the ones Kafka acknowledged (idempotent producer, {@code acks=all}).
 * After a crash between send and mark the rows are sent again: at-least-once.
 */
@ApplicationScoped
public class PublishRound {

    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final OutboxMetrics metrics;
    private final LedgerConfig config;
    private static final Logger LOG = Logger.getLogger(PublishRound.class);

    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    public PublishRound(OutboxRepository outbox, OutboxSender sender, OutboxMetrics metrics, LedgerConfig config) {
        this.outbox = outbox;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
    }

    /** Returns the rows marked published: none when another relay holds the lock. */
    public Uni<Integer> run() {
        return outbox.inTransaction(connection -> outbox.tryTransactionLock(connection, CommandModel.RELAY_LOCK)
                        .flatMap(locked -> locked
                                ? outbox.nextBatch(connection, config.outbox().batchSize())
                                        .flatMap(batch -> sender.send(batch, this::failed)
                                                .map(acked -> markable(batch, acked))
                                                .flatMap(ids -> outbox.markPublished(connection, ids)
                                                        .invoke(() -> metrics.published(batch, ids))))
                                // another relay publishes: a failure this one saw earlier is no longer current
                                : Uni.createFrom().item(0).invoke(() -> lastFailure.set(null))))
                .onFailure()
                .invoke(this::failed);
    }

    /** The reason the last send or round failed, or null once a round sends everything it read. */
    public String lastFailure() {
        return lastFailure.get();
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
     * The ids safe to mark: acknowledged, with no earlier failure of the same account. A send that
     * fails late (timed out) may leave a later event of its account acknowledged before the earlier
     * one is sent again; consumers order by version and park the later one until the earlier arrives
     * (the idempotent producer's own retries never reorder).
     */
    private List<Long> markable(List<PendingEvent> batch, List<Boolean> acked) {
        List<Long> ids = new ArrayList<>();
        Set<UUID> failedAccounts = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            UUID account = batch.get(i).accountId();
            if (acked.get(i) && !failedAccounts.contains(account)) {
                ids.add(batch.get(i).id());
            } else {
                failedAccounts.add(account);
            }
        }
        if (failedAccounts.isEmpty()) {
            lastFailure.set(null);
        } else {
            metrics.failed(batch.size() - ids.size());
        }
        return ids;
    }
}
