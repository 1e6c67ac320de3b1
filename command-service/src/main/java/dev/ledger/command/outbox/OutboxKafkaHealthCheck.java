package dev.ledger.command.outbox;

import dev.ledger.support.health.KafkaHealthCheck;
import dev.ledger.support.kafka.BrokerProbe;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Kafka as the outbox relay sees it: relay running, backlog size and age, last send failure. A
 * failing send makes the check DOWN; commands keep succeeding because the outbox holds their events.
 */
@Wellness
@Singleton
public class OutboxKafkaHealthCheck extends KafkaHealthCheck {

    private final OutboxRelay relay;
    private final OutboxMetrics metrics;

    public OutboxKafkaHealthCheck(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.outgoing.account-events.topic") String topic,
            OutboxRelay relay,
            OutboxMetrics metrics) {
        super(kafka, topic);
        this.relay = relay;
        this.metrics = metrics;
    }

    @Override
    protected boolean describe(BrokerProbe.Status broker, HealthCheckResponseBuilder response) {
        response.withData("relayRunning", relay.isRunning())
                .withData("outboxPending", metrics.pending())
                .withData("outboxOldestAgeSeconds", (long) metrics.oldestAgeSeconds());
        String lastFailure = relay.lastFailure();
        if (lastFailure != null) {
            response.withData("lastSendFailure", lastFailure);
        }
        return lastFailure == null;
    }
}
