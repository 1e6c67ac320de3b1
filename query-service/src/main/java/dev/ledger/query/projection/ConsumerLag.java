package dev.ledger.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * {@code ledger_projection_consumer_lag{partition}}: records between this replica's position and the
 * end of each partition assigned to it, read from the consumer itself on its polling thread.
 * A partition that moves to another replica stops being reported here.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    private final KafkaClientService clients;
    private final MeterRegistry registry;
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Gauge> gauges = new ConcurrentHashMap<>();

    public ConsumerLag(KafkaClientService clients, MeterRegistry registry) {
        this.clients = clients;
        this.registry = registry;
    }

    @Scheduled(every = "${ledger.projection.consumer-lag-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer("account-events");
        if (consumer == null) {
            return Uni.createFrom().voidItem();
        }
        return consumer.runOnPollingThread(kafka -> {
            Map<TopicPartition, Long> current = new HashMap<>();
            for (TopicPartition partition : kafka.assignment()) {
                kafka.currentLag(partition).ifPresent(lag -> current.put(partition, lag));
            }
            return current;
        }).invoke(this::publish).replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("consumer lag not read this time: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void publish(Map<TopicPartition, Long> current) {
        gauges.keySet().removeIf(partition -> {
            if (current.containsKey(partition)) {
                return false;
            }
            registry.remove(gauges.get(partition));
            lags.remove(partition);
            return true;
        });
        current.forEach((partition, lag) -> lags.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            gauges.put(p, Gauge.builder("ledger.projection.consumer.lag", value, AtomicLong::get)
                    .tag("topic", p.topic()).tag("partition", String.valueOf(p.partition()))
                    .description("Records not yet consumed by this replica, per partition").register(registry));
            return value;
        }).set(lag));
    }
}
