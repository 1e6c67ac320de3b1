package dev.ledger.query.projection;

import dev.ledger.support.kafka.BrokerProbe;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Kafka as the projection sees it. Wellness, never readiness: during a broker outage the read
 * models are stale but still answer, and X-Min-Version callers get an honest 503.
 */
@Wellness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    private final BrokerProbe probe;
    private final ProjectionMetrics metrics;

    public KafkaHealthCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka, ProjectionMetrics metrics) {
        this.probe = new BrokerProbe(kafka, Duration.ofSeconds(2), Duration.ofSeconds(2));
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        BrokerProbe.Status broker = probe.check();
        Instant last = metrics.lastAppliedEventTime();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka").status(broker.reachable())
                .withData("partitions", broker.partitions())
                .withData("lastAppliedEventAt", last == null ? "none" : last.toString());
        if (broker.error() != null) {
            response.withData("brokerError", broker.error());
        }
        return response.build();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
