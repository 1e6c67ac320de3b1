package dev.ledger.support.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

/**
 * Asks the Kafka cluster, within a short timeout, whether the account events topic can be
 * described. Services report the answer as a health check of its own that never makes them
 * unready: the outbox and the consumer ride out a broker outage. Answers are cached briefly so a
 * probe storm cannot flood the broker.
 */
public final class BrokerProbe implements AutoCloseable {

    /** What the last probe saw. */
    public record Status(boolean reachable, int partitions, String error, Instant checkedAt) {}

    private final Admin admin;
    private final String topic;
    private final Duration timeout;
    private final Duration cacheFor;
    private Status last;

    /** @param topic the account events topic, as this cluster names it */
    public BrokerProbe(Map<String, Object> kafkaConfig, String topic, Duration timeout, Duration cacheFor) {
        Map<String, Object> config = KafkaConnection.settings(kafkaConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(config);
        this.topic = topic;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
    }

    public synchronized Status check() {
        Instant now = Instant.now();
        if (last != null && last.checkedAt().plus(cacheFor).isAfter(now)) {
            return last;
        }
        try {
            int partitions = admin.describeTopics(
                            Set.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            last = new Status(true, partitions, null, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = new Status(false, 0, "interrupted", now);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            last = new Status(false, 0, cause.getClass().getSimpleName() + ": " + cause.getMessage(), now);
        }
        return last;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
