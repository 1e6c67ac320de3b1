package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counters per outcome ({@code ledger_projection_events_total{outcome=...}}), dead-lettered records,
 * and {@code ledger_projection_apply_latency_seconds}: from each applied event's occurredAt to its
 * application. The lag per partition is {@link ProjectionLag}'s; the consumer lag per partition is
 * the Kafka client's own
 * ({@code kafka_consumer_fetch_manager_records_lag}, exported by {@link ConsumerClientMetrics}).
 */
@ApplicationScoped
public class ProjectionMetrics {

    private final Map<ApplyOutcome, Counter> outcomes = new EnumMap<>(ApplyOutcome.class);
    private final Counter deadLettered;
    private final Timer applyLatency;

    public ProjectionMetrics(MeterRegistry registry) {
        for (ApplyOutcome outcome : ApplyOutcome.values()) {
            outcomes.put(
                    outcome,
                    Counter.builder("ledger.projection.events")
                            .tag("outcome", outcome.name().toLowerCase())
                            .description("Events by what applying them did")
                            .register(registry));
        }
        deadLettered = Counter.builder("ledger.projection.dead.lettered")
                .description("Records sent to the dead-letter topic because they are not valid events")
                .register(registry);
        applyLatency = Timer.builder("ledger.projection.apply.latency")
                .description("From an event's time on the command side to its application to the read model")
                .serviceLevelObjectives(Stream.of(10, 50, 100, 250, 500, 1000, 2500, 5000, 30000)
                        .map(Duration::ofMillis)
                        .toArray(Duration[]::new))
                .register(registry);
    }

    void record(ApplyOutcome outcome, AccountEvent event) {
        outcomes.get(outcome).increment();
        if (outcome == ApplyOutcome.APPLIED) {
            applyLatency.record(Duration.between(event.occurredAt(), Instant.now()));
        }
    }

    void deadLettered() {
        deadLettered.increment();
    }

    public double count(ApplyOutcome outcome) {
        return outcomes.get(outcome).count();
    }
}
