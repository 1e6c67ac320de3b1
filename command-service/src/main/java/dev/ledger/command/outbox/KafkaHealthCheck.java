package dev.ledger.command.outbox;

import dev.ledger.support.kafka.BrokerProbe;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Kafka as the outbox relay sees it: broker reachable, backlog size and age. A wellness check
 * ({@code /q/health/well}, and in {@code /q/health}), never readiness: commands keep succeeding
 * during a broker outage because the outbox holds their events.
 */
@Wellness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    private final BrokerProbe probe;
    private final OutboxRelay relay;
    private final OutboxMetrics metrics;

    public KafkaHealthCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka, OutboxRelay relay,
                            OutboxMetrics metrics) {
        this.probe = new BrokerProbe(kafka, Duration.ofSeconds(2), Duration.ofSeconds(2));
        this.relay = relay;
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        BrokerProbe.Status broker = probe.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka")
                .status(broker.reachable() && relay.lastFailure() == null)
                .withData("relayRunning", relay.isRunning())
                .withData("outboxPending", metrics.pending())
                .withData("outboxOldestAgeSeconds", (long) metrics.oldestAgeSeconds());
        if (broker.error() != null) {
            response.withData("brokerError", broker.error());
        }
        if (relay.lastFailure() != null) {
            response.withData("lastSendFailure", relay.lastFailure());
        }
        return response.build();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
