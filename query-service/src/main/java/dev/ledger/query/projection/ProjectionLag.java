package dev.ledger.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each partition this replica consumes is behind, per partition, since each partition's
 * events are applied by a caller of their own (see application.properties) and one can stall while
 * the others move on:
 *
 * <ul>
 *   <li>{@code ledger_projection_lag_seconds{partition}}: now minus the time of the newest event this
 *       replica applied from the partition, or of the partition's assignment if it applied none;
 *   <li>{@code ledger_projection_records_in_flight{partition}}: records handed to the projection
 *       and not yet acknowledged. A record stuck in its apply shows here, where the Kafka client's
 *       records lag does not: that counts only what is not fetched yet, and a stuck caller pauses
 *       the fetching.
 * </ul>
 *
 * The alert LedgerProjectionLagging joins both, and the Kafka client's records lag, by pod and
 * partition. A partition leaves this replica's metrics when the group takes it away; the time of
 * its newest applied event stays, so a partition that comes back after a rebalance keeps its lag.
 */
@ApplicationScoped
@Identifier(ProjectionLag.LISTENER) // how the channel finds it
@Default // how the consumer and the health check find it
public class ProjectionLag implements KafkaConsumerRebalanceListener {

    /** The channel's {@code consumer-rebalance-listener.name}. */
    static final String LISTENER = "projection-lag";

    private final MeterRegistry registry;
    private final Map<Integer, Instant> newestApplied = new ConcurrentHashMap<>();
    private final Map<Integer, PartitionProgress> assigned = new ConcurrentHashMap<>();

    public ProjectionLag(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Instant now = Instant.now();
        for (TopicPartition partition : partitions) {
            // the previous holder's meters go before the new ones register under the same name and tags
            assigned.compute(partition.partition(), (number, previous) -> {
                if (previous != null) {
                    previous.unregister();
                }
                return new PartitionProgress(consumer, number, now).register();
            });
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            // only this consumer's: another consumer of this replica may hold the partition already
            assigned.computeIfPresent(partition.partition(), (number, progress) -> {
                if (progress.consumer != consumer) {
                    return progress;
                }
                progress.unregister();
                return null;
            });
        }
    }

    /**
     * A record of the partition reached the projection: the returned progress counts it in flight
     * until {@link PartitionProgress#settled()}. One of a partition this replica no longer holds is
     * counted by a progress no metric shows.
     */
    PartitionProgress received(int partition) {
        PartitionProgress progress = assigned.get(partition);
        if (progress == null) {
            progress = new PartitionProgress(null, partition, Instant.now());
        }
        progress.inFlight.incrementAndGet();
        return progress;
    }

    /** The newest applied event of the partitions this replica holds, if it applied one of them. */
    public Optional<Instant> newestAppliedEventTime() {
        return assigned.keySet().stream()
                .map(newestApplied::get)
                .filter(Objects::nonNull)
                .max(Instant::compareTo);
    }

    /** One partition as this replica holds it. */
    final class PartitionProgress {

        private final Consumer<?, ?> consumer;
        private final int partition;
        private final Instant assignedAt;
        private final AtomicInteger inFlight = new AtomicInteger();
        private List<Gauge> gauges = List.of();

        private PartitionProgress(Consumer<?, ?> consumer, int partition, Instant assignedAt) {
            this.consumer = consumer;
            this.partition = partition;
            this.assignedAt = assignedAt;
        }

        private PartitionProgress register() {
            String tag = Integer.toString(partition);
            gauges = List.of(
                    Gauge.builder("ledger.projection.lag", this, PartitionProgress::lagSeconds)
                            .tag("partition", tag)
                            .baseUnit("seconds")
                            .description("Now minus the time of the partition's newest applied event"
                                    + " (or of its assignment)")
                            .register(registry),
                    Gauge.builder("ledger.projection.records.in.flight", inFlight, AtomicInteger::get)
                            .tag("partition", tag)
                            .description("Records of the partition handed to the projection, not yet acknowledged")
                            .register(registry));
            return this;
        }

        /** The record's event was applied. */
        void applied(Instant occurredAt) {
            newestApplied.merge(partition, occurredAt, (a, b) -> b.isAfter(a) ? b : a);
        }

        /** The record was acknowledged or dead-lettered. */
        void settled() {
            inFlight.decrementAndGet();
        }

        private void unregister() {
            gauges.forEach(registry::remove);
        }

        private double lagSeconds() {
            Instant since = Objects.requireNonNullElse(newestApplied.get(partition), assignedAt);
            return Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
        }
    }
}
