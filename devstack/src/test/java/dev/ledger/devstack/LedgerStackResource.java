package dev.ledger.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the shared local stack: its own database ({@code database} init
 * argument, {@code command} by default), the Kafka broker, and the test token issuer, whose tokens
 * it then verifies as it verifies a production provider's (Callers makes them).
 */
public class LedgerStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";

    private String database;

    public LedgerStackResource() {
        this(LocalStack.COMMAND_DATABASE);
    }

    protected LedgerStackResource(String database) {
        this.database = database;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, database);
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = SharedStack.get();
        PostgresServer postgres = stack.postgres();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        TokenIssuer tokens = SharedStack.tokens();
        config.put("mp.jwt.verify.issuer", TokenIssuer.ISSUER);
        config.put("mp.jwt.verify.audiences", TokenIssuer.AUDIENCE);
        config.put("mp.jwt.verify.publickey.location", tokens.jwksUrl());
        return config;
    }

    @Override
    public void stop() {
        // The stack outlives one application start; SharedStack stops it when the JVM exits.
    }
}
