package dev.ledger.support.health;

import dev.ledger.support.kafka.BrokerProbe;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The {@code kafka} health check of both services: UP while the broker answers and the service's
 * own use of Kafka is well. Each service declares its subclass {@code @Wellness}, never readiness:
 * both ride out a broker outage (the outbox holds the commands' events, the read models keep
 * answering), so a broker outage must not take them out of their Service. Subclasses are
 * {@code @Singleton}: a normal scope's client proxy needs a no-args constructor, which a check
 * that owns its probe cannot offer.
 */
public abstract class KafkaHealthCheck implements HealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_CACHED_FOR = Duration.ofSeconds(2);

    private final BrokerProbe probe;

    /** @param topic the account events topic, as the service's channel names it */
    protected KafkaHealthCheck(Map<String, Object> kafkaConfig, String topic) {
        this.probe = new BrokerProbe(kafkaConfig, topic, PROBE_TIMEOUT, PROBE_CACHED_FOR);
    }

    @Override
    public HealthCheckResponse call() {
        BrokerProbe.Status broker = probe.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka");
        boolean serviceWell = describe(broker, response);
        if (broker.error() != null) {
            response.withData("brokerError", broker.error());
        }
        return response.status(broker.reachable() && serviceWell).build();
    }

    /**
     * Adds what this service sees of Kafka to the response's data.
     *
     * @return false when that alone makes the check DOWN, even with the broker reachable
     */
    protected abstract boolean describe(BrokerProbe.Status broker, HealthCheckResponseBuilder response);

    @PreDestroy
    public void close() {
        probe.close();
    }
}
