package dev.ledger.devservices.deployment;

import dev.ledger.devservices.LedgerDevServicesConfig;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.RunningStack;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * What the local stack stands in for, each with the keys that show a service configured it itself,
 * in which case it is left alone, as Quarkus's own Dev Services leave a configured URL alone, and
 * the settings handed over otherwise.
 */
enum StandIn {
    DATABASE("quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url") {
        @Override
        Map<String, String> settings(RunningStack stack, LedgerDevServicesConfig config) {
            String database = switch (config.database().orElseThrow()) {
                case COMMAND -> LocalStack.COMMAND_DATABASE;
                case QUERY -> LocalStack.QUERY_DATABASE;
            };
            return Map.of(
                    "quarkus.datasource.reactive.url", stack.reactiveUrl(database),
                    "quarkus.datasource.jdbc.url", stack.jdbcUrl(database),
                    "quarkus.datasource.username", stack.postgresUser(),
                    "quarkus.datasource.password", stack.postgresPassword());
        }
    },
    KAFKA("kafka.bootstrap.servers") {
        @Override
        Map<String, String> settings(RunningStack stack, LedgerDevServicesConfig config) {
            return Map.of("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        }
    },
    TOKENS("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey") {
        @Override
        Map<String, String> settings(RunningStack stack, LedgerDevServicesConfig config) {
            return Map.of(
                    "mp.jwt.verify.publickey.location", stack.jwksUrl(),
                    "mp.jwt.verify.issuer", stack.issuer(),
                    "mp.jwt.verify.audiences", stack.audience(),
                    // smallrye-jwt makes a key pair of its own in dev mode when no key is configured at
                    // build time, and hands its public half over as a default value: this outranks it
                    "mp.jwt.verify.publickey", "NONE");
        }
    };

    private final List<String> keys;

    StandIn(String... keys) {
        this.keys = List.of(keys);
    }

    /** Whether the service's build-time configuration names this part itself. */
    boolean isConfigured(Config config) {
        return keys.stream()
                .anyMatch(key -> config.getOptionalValue(key, String.class).isPresent());
    }

    /** The settings that point the service at this part of {@code stack}. */
    abstract Map<String, String> settings(RunningStack stack, LedgerDevServicesConfig config);
}
