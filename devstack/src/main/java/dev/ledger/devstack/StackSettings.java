package dev.ledger.devstack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the local stack runs. Each setting is read from a system property ({@code devstack.*}) or
 * else an environment variable ({@code DEVSTACK_*}); docs/running.md lists them.
 *
 * @param dataDirectory     PostgreSQL data and Kafka log live below it; kept across starts
 * @param postgresPort      port of the embedded PostgreSQL (0: any free port)
 * @param kafkaPort         port of the embedded Kafka broker (0: any free port)
 * @param existingPostgres  admin JDBC URL of a server to use instead of the embedded one
 * @param postgresUser      user on the existing server
 * @param postgresPassword  password on the existing server
 * @param existingKafka     bootstrap servers of a cluster to use instead of the embedded broker
 */
public record StackSettings(
        Path dataDirectory,
        int postgresPort,
        int kafkaPort,
        Optional<String> existingPostgres,
        String postgresUser,
        String postgresPassword,
        Optional<String> existingKafka) {

    /** The ports of the stack that {@code bin/dev} and the services in dev mode share. */
    public static final int DEV_POSTGRES_PORT = 15432;

    public static final int DEV_KAFKA_PORT = 19092;
    /** Where bin/dev's services send their traces (devstack.traces.port or DEVSTACK_TRACES_PORT): 4318 is OTLP/HTTP's. */
    public static final int DEV_TRACES_PORT = 14318;

    /**
     * Where bin/dev's token issuer serves its keys (devstack.tokens.port or DEVSTACK_TOKENS_PORT);
     * the services in dev mode learn the address from ledger-devservices.
     */
    public static final int DEV_TOKENS_PORT = 14319;

    /** The dev token issuer's port. */
    public static int devTokensPort() {
        return setting("tokens.port").map(Integer::parseInt).orElse(DEV_TOKENS_PORT);
    }

    /** The dev trace collector's port. */
    public static int devTracesPort() {
        return setting("traces.port").map(Integer::parseInt).orElse(DEV_TRACES_PORT);
    }

    /** Settings for the local run from the working directory: fixed, documented ports. */
    public static StackSettings forDevelopment() {
        return forDevelopment(Path.of(""));
    }

    /**
     * Settings for the local run of the repository at {@code root}: its {@code target/devstack}, and
     * a relative data-dir setting taken from there, so a service in dev mode (working in its own
     * module) finds the stack that bin/dev runs from the root.
     */
    public static StackSettings forDevelopment(Path root) {
        return read(root, root.resolve("target").resolve("devstack"), DEV_POSTGRES_PORT, DEV_KAFKA_PORT);
    }

    /** Settings for a test run: free ports, a data directory of its own. */
    public static StackSettings forTests(Path dataDirectory) {
        return read(Path.of(""), dataDirectory, 0, 0);
    }

    private static StackSettings read(Path root, Path defaultDirectory, int defaultPostgresPort, int defaultKafkaPort) {
        return new StackSettings(
                setting("data-dir").map(root::resolve).orElse(defaultDirectory).toAbsolutePath(),
                setting("postgres.port").map(Integer::parseInt).orElse(defaultPostgresPort),
                setting("kafka.port").map(Integer::parseInt).orElse(defaultKafkaPort),
                setting("postgres.url"),
                setting("postgres.user").orElse("postgres"),
                setting("postgres.password").orElse("postgres"),
                setting("kafka.bootstrap-servers"));
    }

    static Optional<String> setting(String key) {
        String property = System.getProperty("devstack." + key);
        if (property != null && !property.isBlank()) {
            return Optional.of(property);
        }
        String variable =
                System.getenv("DEVSTACK_" + key.toUpperCase().replace('.', '_').replace('-', '_'));
        return Optional.ofNullable(variable).filter(v -> !v.isBlank());
    }
}
