package dev.ledger.command.outbox;

import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The outbox backlog as metrics: {@code ledger_outbox_pending} (rows not yet on Kafka),
 * {@code ledger_outbox_oldest_age_seconds}, counters of published rows and failed sends, and
 * {@code ledger_outbox_publish_latency_seconds}: from an event's commit to Kafka's acknowledgement.
 */
@ApplicationScoped
public class OutboxMetrics {

    /** Bounds of the publish latency histogram: the relay polls every 2 s when a notification is lost. */
    private static final Duration[] LATENCY_BOUNDS = Stream.of(10, 50, 100, 250, 500, 1000, 2500, 5000, 30000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private final OutboxRepository outbox;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();
    private final Counter published;
    private final Counter failed;
    private final Timer publishLatency;

    public OutboxMetrics(OutboxRepository outbox, MeterRegistry registry) {
        this.outbox = outbox;
        Gauge.builder("ledger.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows committed but not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("ledger.outbox.oldest.age", this, OutboxMetrics::oldestAgeSeconds)
                .baseUnit("seconds")
                .description("Age of the oldest unpublished outbox row")
                .register(registry);
        published = Counter.builder("ledger.outbox.published")
                .description("Outbox rows published to Kafka")
                .register(registry);
        failed = Counter.builder("ledger.outbox.send.failures")
                .description("Sends Kafka did not acknowledge")
                .register(registry);
        publishLatency = Timer.builder("ledger.outbox.publish.latency")
                .description("From a command's commit (its event's time) to Kafka's acknowledgement of the event")
                .serviceLevelObjectives(LATENCY_BOUNDS)
                .register(registry);
    }

    /**
     * Re-reads the backlog on the relay's poll interval, also on a replica that does not relay. A
     * failed read keeps the last values until the next one.
     */
    @Scheduled(
            every = "${ledger.outbox.poll-interval}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return outbox.backlog()
                .invoke(backlog -> {
                    pending.set(backlog.pending());
                    oldestPending.set(backlog.oldest());
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    /** The events of {@code batch} whose ids were marked published: counted, and their latency timed. */
    void published(List<PendingEvent> batch, List<Long> marked) {
        Instant now = Instant.now();
        for (PendingEvent event : batch) {
            if (marked.contains(event.id())) {
                publishLatency.record(Duration.between(event.occurredAt(), now));
            }
        }
        published.increment(marked.size());
        pending.updateAndGet(value -> Math.max(0, value - marked.size()));
    }

    void failed(int sends) {
        failed.increment(sends);
    }

    public long pending() {
        return pending.get();
    }

    public double oldestAgeSeconds() {
        Instant oldest = oldestPending.get();
        return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
    }
}
