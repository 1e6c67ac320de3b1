package dev.ledger.support.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings a Kafka client built by hand needs to reach the cluster the application is
 * configured for: bootstrap servers plus security (SASL, TLS). Everything else is left out, so
 * producer or consumer tuning never leaks into an admin client.
 */
public final class KafkaConnection {

    private KafkaConnection() {}

    public static Map<String, Object> settings(Map<String, Object> applicationKafkaConfig) {
        Map<String, Object> settings = new HashMap<>();
        applicationKafkaConfig.forEach((key, value) -> {
            if (key.equals("bootstrap.servers")
                    || key.equals("security.protocol")
                    || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
