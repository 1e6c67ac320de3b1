package dev.ledger.support.connections;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings that point a service or the jobs at PostgreSQL and Kafka, as the platform team sets
 * them in the environment (docs/configuration.md), checked together. Each library checks its own
 * settings one at a time and only when it first connects, and some combinations it accepts
 * silently: a CA bundle with TLS off, credentials with a protocol that sends none. Here every
 * missing or contradictory setting becomes one line that names it. A credential's value is never
 * part of a line.
 */
public final class ConnectionSettings {

    /** Whose PostgreSQL settings: the services' {@code DB_*}, the jobs' {@code COMMAND_DB_*} and {@code QUERY_DB_*}. */
    private static final List<String> DATABASE_PREFIXES = List.of("", "COMMAND_", "QUERY_");

    /** The modes both PostgreSQL clients (JDBC for Flyway, the reactive pool) understand. */
    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private static final List<String> KAFKA_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private ConnectionSettings() {}

    /**
     * What is wrong with the settings, one line each; empty when nothing is.
     *
     * @param setting a setting's value by its name, empty when it is unset or blank
     */
    public static List<String> problems(Function<String, Optional<String>> setting) {
        List<String> problems = new ArrayList<>();
        for (String prefix : DATABASE_PREFIXES) {
            checkDatabase(new Settings(prefix, setting), problems);
        }
        checkKafka(new Settings("", setting), problems);
        return problems;
    }

    private static void checkDatabase(Settings settings, List<String> problems) {
        String mode = settings.value("DB_SSL_MODE").orElse("disable");
        if (!SSL_MODES.contains(mode)) {
            problems.add(settings.name("DB_SSL_MODE") + "=" + mode + " is not one of " + String.join(", ", SSL_MODES));
            return;
        }
        if (mode.startsWith("verify-") && settings.value("DB_SSL_ROOT_CERT").isEmpty()) {
            problems.add(settings.name("DB_SSL_MODE") + "=" + mode + " needs " + settings.name("DB_SSL_ROOT_CERT")
                    + ", the CA bundle (PEM) the server's certificate is checked against");
        }
        for (String file : List.of("DB_SSL_ROOT_CERT", "DB_SSL_CERT", "DB_SSL_KEY")) {
            if (mode.equals("disable") && settings.value(file).isPresent()) {
                problems.add(settings.name(file) + " is set but " + settings.name("DB_SSL_MODE")
                        + " is disable (the default): the connection would not use TLS");
            }
            settings.unreadableFile(file).ifPresent(problems::add);
        }
        if (settings.value("DB_SSL_CERT").isPresent()
                != settings.value("DB_SSL_KEY").isPresent()) {
            problems.add("a client certificate needs both " + settings.name("DB_SSL_CERT") + " and "
                    + settings.name("DB_SSL_KEY") + " (PEM files), and only one is set");
        }
    }

    private static void checkKafka(Settings settings, List<String> problems) {
        String protocol = settings.value("KAFKA_SECURITY_PROTOCOL").orElse("PLAINTEXT");
        if (!KAFKA_PROTOCOLS.contains(protocol)) {
            problems.add(
                    "KAFKA_SECURITY_PROTOCOL=" + protocol + " is not one of " + String.join(", ", KAFKA_PROTOCOLS));
            return;
        }
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        if (sasl && settings.value("KAFKA_SASL_JAAS_CONFIG").isEmpty()) {
            problems.add("KAFKA_SECURITY_PROTOCOL=" + protocol
                    + " needs KAFKA_SASL_JAAS_CONFIG, the SASL login (sasl.jaas.config)");
        }
        if (!sasl && settings.value("KAFKA_SASL_JAAS_CONFIG").isPresent()) {
            problems.add("KAFKA_SASL_JAAS_CONFIG is set but KAFKA_SECURITY_PROTOCOL=" + protocol
                    + " sends no credentials: use SASL_SSL (or SASL_PLAINTEXT)");
        }
        if (!tls && settings.value("KAFKA_SSL_CA_LOCATION").isPresent()) {
            problems.add("KAFKA_SSL_CA_LOCATION is set but KAFKA_SECURITY_PROTOCOL=" + protocol
                    + " does not use TLS: use SASL_SSL (or SSL)");
        }
        settings.unreadableFile("KAFKA_SSL_CA_LOCATION").ifPresent(problems::add);
    }

    /** One group's settings, by their names without the group's prefix. */
    private record Settings(String prefix, Function<String, Optional<String>> setting) {

        String name(String unprefixed) {
            return prefix + unprefixed;
        }

        Optional<String> value(String unprefixed) {
            return setting.apply(name(unprefixed));
        }

        Optional<String> unreadableFile(String unprefixed) {
            return value(unprefixed)
                    .filter(file -> !Files.isRegularFile(Path.of(file)) || !Files.isReadable(Path.of(file)))
                    .map(file -> name(unprefixed) + "=" + file + " names no readable file");
        }
    }
}
