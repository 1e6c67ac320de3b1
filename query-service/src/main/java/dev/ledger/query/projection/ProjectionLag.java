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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ledger_projection_lag_seconds{partition}}: for each partition this replica consumes, now
 * minus the time of its newest applied event, or of its assignment until one is applied. Each
 * partition's events are applied by a caller of their own (see application.properties), so one
 * stalled partition shows here while the others move on; the alert LedgerProjectionLagging joins
 * it with the Kafka client's records lag of the same pod and partition. A partition leaves this
 * replica's metrics when the group takes it away.
 */
@ApplicationScoped
@Identifier(ProjectionLag.LISTENER) // how the channel finds it
@Default // how the consumer and the health check find it
public class ProjectionLag implements KafkaConsumerRebalanceListener {

    /** The channel's {@code consumer-rebalance-listener.name}. */
    static final String LISTENER = "projection-lag";

    private final MeterRegistry registry;
    private final Map<Integer, Progress> assigned = new ConcurrentHashMap<>();

    public ProjectionLag(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Instant now = Instant.now();
        for (TopicPartition partition : partitions) {
            Progress previous = assigned.put(partition.partition(), new Progress(consumer, partition, now));
            if (previous != null) {
                registry.remove(previous.gauge);
            }
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
                registry.remove(progress.gauge);
                return null;
            });
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** An event of the partition was applied; ignored once the partition has left this replica. */
    void applied(int partition, Instant occurredAt) {
        Progress progress = assigned.get(partition);
        if (progress != null) {
            progress.newestApplied.accumulateAndGet(occurredAt, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }

    /** The newest applied event of the partitions this replica holds, if one was applied since they came. */
    public Optional<Instant> newestAppliedEventTime() {
        return assigned.values().stream()
                .map(progress -> progress.newestApplied.get())
                .filter(Objects::nonNull)
                .max(Instant::compareTo);
    }

    private final class Progress {

        private final Consumer<?, ?> consumer;
        private final Instant assignedAt;
        private final AtomicReference<Instant> newestApplied = new AtomicReference<>();
        private final Gauge gauge;

        Progress(Consumer<?, ?> consumer, TopicPartition partition, Instant assignedAt) {
            this.consumer = consumer;
            this.assignedAt = assignedAt;
            this.gauge = Gauge.builder("ledger.projection.lag", this, Progress::lagSeconds)
                    .tag("partition", Integer.toString(partition.partition()))
                    .baseUnit("seconds")
                    .description("Now minus the time of the partition's newest applied event (or of its assignment)")
                    .register(registry);
        }

        double lagSeconds() {
            Instant since = Objects.requireNonNullElse(newestApplied.get(), assignedAt);
            return Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
        }
    }
}
