package dev.ledger.query.projection;

import dev.ledger.support.health.KafkaHealthCheck;
import dev.ledger.support.kafka.BrokerProbe;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Kafka as the projection sees it: the events topic's partitions and the time of the newest event
 * applied from the partitions this replica holds. During a broker outage the read models are stale
 * but still answer, and X-Min-Version callers get an honest 503.
 */
@Wellness
@Singleton
public class ProjectionKafkaHealthCheck extends KafkaHealthCheck {

    private final ProjectionLag lag;

    public ProjectionKafkaHealthCheck(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming.account-events.topic") String topic,
            ProjectionLag lag) {
        super(kafka, topic);
        this.lag = lag;
    }

    @Override
    protected boolean describe(BrokerProbe.Status broker, HealthCheckResponseBuilder response) {
        response.withData("partitions", broker.partitions())
                .withData(
                        "lastAppliedEventAt",
                        lag.newestAppliedEventTime().map(Instant::toString).orElse("none"));
        return true;
    }
}
