package dev.ledger.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The Kafka consumers' own metrics in /q/metrics, among them the lag per partition
 * ({@code kafka_consumer_fetch_manager_records_lag{partition,topic}}) that the alert
 * LedgerConsumerLagHigh and the dashboard read. Micrometer's {@link KafkaClientMetrics}, bound as
 * Quarkus's Kafka binder binds it (which is off), but looking for new client metrics every
 * {@link #REFRESH} rather than every minute: a partition's lag exists only once the consumer has
 * fetched from it, so with Micrometer's default a replica shows its lag a minute after it starts.
 */
@ApplicationScoped
class ConsumerClientMetrics {

    static final Duration REFRESH = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final List<KafkaClientMetrics> bound = new ArrayList<>();
    /** Passed in, so the bindings leave it running when closed: this bean shuts it down. */
    private final ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kafka-client-metrics").factory());

    ConsumerClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** SmallRye Reactive Messaging announces each consumer it creates. */
    synchronized void consumerCreated(@Observes Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.empty(), refreshes, REFRESH);
        metrics.bindTo(registry);
        bound.add(metrics);
    }

    synchronized void stop(@Observes ShutdownEvent shutdown) {
        bound.forEach(KafkaClientMetrics::close);
        bound.clear();
        refreshes.shutdownNow();
    }
}
