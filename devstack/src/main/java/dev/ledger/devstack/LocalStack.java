package dev.ledger.devstack;

import dev.ledger.command.model.CommandModel;
import dev.ledger.contracts.Topics;
import dev.ledger.query.model.QueryModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The ledger's infrastructure on one machine: a PostgreSQL server with the {@code command} and
 * {@code query} databases and the jobs' read-only logins, and a Kafka broker with the ledger's topics.
 *
 * @param startupMillis how long {@link #start} took to have both ready
 */
public record LocalStack(PostgresServer postgres, KafkaBroker kafka, long startupMillis) implements AutoCloseable {

    public static final String COMMAND_DATABASE = "command";
    public static final String QUERY_DATABASE = "query";
    public static final int EVENT_PARTITIONS = 3;

    public static LocalStack start(StackSettings settings) {
        long started = System.nanoTime();
        PostgresServer postgres = settings.existingPostgres()
                .map(url -> PostgresServer.existing(url, settings.postgresUser(), settings.postgresPassword()))
                .orElseGet(() -> PostgresServer.embedded(
                        settings.dataDirectory().resolve("postgres"),
                        FreePorts.checked(settings.postgresPort(), "devstack.postgres.port")));
        KafkaBroker kafka;
        try {
            postgres.createDatabases(COMMAND_DATABASE, QUERY_DATABASE);
            // the read-only logins of the jobs that only read, as the platform creates them in a cluster
            postgres.createLogins(CommandModel.READ_ONLY_ROLE, QueryModel.READ_ONLY_ROLE);
            kafka = settings.existingKafka()
                    .map(KafkaBroker::existing)
                    .orElseGet(() -> KafkaBroker.embedded(
                            settings.dataDirectory().resolve("kafka"),
                            FreePorts.checked(settings.kafkaPort(), "devstack.kafka.port")));
        } catch (RuntimeException e) {
            postgres.stop();
            throw e;
        }
        LocalStack stack = new LocalStack(postgres, kafka, (System.nanoTime() - started) / 1_000_000);
        try {
            kafka.createTopics(topics());
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * The topics the ledger needs; events are kept forever so the projections can be rebuilt. Public
     * for a broker started on its own (bench/chaos's ChaosKafka).
     */
    public static List<NewTopic> topics() {
        return List.of(
                new NewTopic(Topics.ACCOUNT_EVENTS, EVENT_PARTITIONS, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                new NewTopic(Topics.ACCOUNT_EVENTS_DLQ, 1, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    }

    /** The connection settings, named as the services read them (see their application.properties). */
    public Map<String, String> environment() {
        return Map.of(
                "DB_HOST", postgres.host(),
                "DB_PORT", String.valueOf(postgres.port()),
                "DB_USER", postgres.user(),
                "DB_PASSWORD", postgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    }

    /**
     * Writes the variables as a shell-sourceable file, one {@code NAME='value'} a line, by name. The
     * file appears whole or not at all: other processes read it while the stack runs.
     */
    static void writeVariables(Path file, Map<String, String> variables) {
        StringBuilder text = new StringBuilder();
        variables.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getKey())
                        .append("='")
                        .append(e.getValue())
                        .append("'\n"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), text);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables of a file {@link #writeVariables} wrote; none when there is no such file. */
    static Map<String, String> readVariables(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException absent) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> variables = new TreeMap<>();
        for (String line : lines) {
            int equals = line.indexOf("='");
            if (equals > 0 && line.endsWith("'")) {
                variables.put(line.substring(0, equals), line.substring(equals + 2, line.length() - 1));
            }
        }
        return variables;
    }

    public String describe() {
        String pg = postgres.isEmbedded()
                ? "PostgreSQL 17 (embedded)  " + postgres.jdbcUrl("{command,query}") + "  user " + postgres.user()
                : "PostgreSQL (existing)     " + postgres.jdbcUrl("{command,query}") + "  user " + postgres.user();
        String broker = (kafka.isEmbedded() ? "Kafka (embedded, KRaft)   " : "Kafka (existing)          ")
                + kafka.bootstrapServers() + "  topics " + Topics.ACCOUNT_EVENTS + ", " + Topics.ACCOUNT_EVENTS_DLQ;
        return pg + "\n" + broker + "\nstarted in " + startupMillis + " ms";
    }

    /** Stops Kafka, then PostgreSQL; what was started here is stopped, an existing server is left alone. */
    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }
}
