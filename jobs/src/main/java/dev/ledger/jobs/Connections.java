package dev.ledger.jobs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InactiveBeanException;
import io.quarkus.arc.InjectableInstance;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The connections a job may need, resolved only when it asks for them: {@code --help} and a job
 * that needs one database run without the others configured, and a missing setting is named.
 */
@ApplicationScoped
public class Connections {

    private final InjectableInstance<AgroalDataSource> command;
    private final InjectableInstance<AgroalDataSource> query;
    private final Map<String, Object> kafka;
    private final KafkaNames kafkaNames;

    /** The events topic and the projection's consumer group, as named on this cluster (a managed one may prefix them). */
    public record KafkaNames(String eventsTopic, String consumerGroup) {}

    public Connections(
            @DataSource("command") InjectableInstance<AgroalDataSource> command,
            @DataSource("query") InjectableInstance<AgroalDataSource> query,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "ledger.kafka.events-topic") String eventsTopic,
            @ConfigProperty(name = "ledger.kafka.consumer-group") String consumerGroup) {
        this.command = command;
        this.query = query;
        this.kafka = kafka;
        this.kafkaNames = new KafkaNames(eventsTopic, consumerGroup);
    }

    public AgroalDataSource commandDatabase() {
        return resolve(command, "the command database", "COMMAND_DB_HOST, COMMAND_DB_USER and COMMAND_DB_PASSWORD");
    }

    public AgroalDataSource queryDatabase() {
        return resolve(query, "the query database", "QUERY_DB_HOST, QUERY_DB_USER and QUERY_DB_PASSWORD");
    }

    /** The Kafka client settings ({@code bootstrap.servers} and the like). */
    public Map<String, Object> kafka() {
        Object servers = kafka.get("bootstrap.servers");
        if (servers == null || servers.toString().isBlank()) {
            throw new MissingSetting("Kafka is not configured: set KAFKA_BOOTSTRAP_SERVERS");
        }
        return kafka;
    }

    public KafkaNames kafkaNames() {
        return kafkaNames;
    }

    private static AgroalDataSource resolve(
            InjectableInstance<AgroalDataSource> dataSource, String what, String variables) {
        try {
            AgroalDataSource resolved = dataSource.get();
            resolved.getConfiguration();
            return resolved;
        } catch (InactiveBeanException e) {
            throw new MissingSetting(what + " is not configured: set " + variables);
        }
    }

    /** A connection setting the job needs is absent; the message names it. */
    public static final class MissingSetting extends RuntimeException {
        public MissingSetting(String message) {
            super(message);
        }
    }
}
