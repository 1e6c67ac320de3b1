package dev.ledger.devstack;

import java.util.Map;
import java.util.Optional;

/**
 * A stack as the process that runs it published it in {@code devstack.env}: the variables bin/dev
 * sources, named as {@link LocalStack#environment()}, {@link TokenIssuer#environment()} and
 * {@link TraceCollector#exporterEnvironment()} write them, and the process itself.
 */
public record RunningStack(Map<String, String> environment) {

    static final String PID = "DEVSTACK_PID";
    static final String STARTED = "DEVSTACK_STARTED";

    /** The process that serves the stack; empty for a file that names none. */
    Optional<ProcessIdentity> process() {
        return Optional.ofNullable(environment.get(PID))
                .map(pid -> new ProcessIdentity(Long.parseLong(pid), environment.getOrDefault(STARTED, "")));
    }

    public long pid() {
        return Long.parseLong(environment.get(PID));
    }

    public String jdbcUrl(String database) {
        return postgres().jdbcUrl(database);
    }

    public String reactiveUrl(String database) {
        return postgres().reactiveUrl(database);
    }

    public String postgresUser() {
        return postgres().user();
    }

    public String postgresPassword() {
        return postgres().password();
    }

    public String kafkaBootstrapServers() {
        return environment.get("KAFKA_BOOTSTRAP_SERVERS");
    }

    public String jwksUrl() {
        return environment.get("JWT_JWKS_URL");
    }

    public String issuer() {
        return environment.get("JWT_ISSUER");
    }

    public String audience() {
        return environment.get("JWT_AUDIENCE");
    }

    /** The trace collector, as an OTLP exporter is pointed at it; its traces are under {@code /traces}. */
    public String tracesEndpoint() {
        return environment.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
    }

    private PostgresLogin postgres() {
        return new PostgresLogin(
                environment.get("DB_HOST"),
                Integer.parseInt(environment.get("DB_PORT")),
                environment.get("DB_USER"),
                environment.get("DB_PASSWORD"));
    }
}
