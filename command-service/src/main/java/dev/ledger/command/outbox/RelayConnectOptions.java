package dev.ledger.command.outbox;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The options of the relay's own connections: its LISTEN connection and its pool, both on the
 * {@link RelayEventLoop} rather than the application's pool. They take the datasource's own
 * settings: a managed PostgreSQL refuses a connection without its TLS mode and CA bundle, and a role
 * that logs in by client certificate has no password to fall back on.
 */
final class RelayConnectOptions {

    private static final String DATASOURCE = "quarkus.datasource.";
    private static final String REACTIVE = DATASOURCE + "reactive.";

    private RelayConnectOptions() {}

    static PgConnectOptions of(Config config) {
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue(REACTIVE + "url", String.class))
                .setUser(config.getValue(DATASOURCE + "username", String.class));
        // none when a client certificate logs in; Vert.x takes no null password
        config.getOptionalValue(DATASOURCE + "password", String.class).ifPresent(options::setPassword);
        config.getOptionalValue(REACTIVE + "postgresql.ssl-mode", SslMode.class).ifPresent(options::setSslMode);
        config.getOptionalValues(REACTIVE + "trust-certificate-pem.certs", String.class)
                .ifPresent(certificates -> {
                    PemTrustOptions trust = new PemTrustOptions();
                    certificates.forEach(trust::addCertPath);
                    options.setTrustOptions(trust);
                });
        // as Quarkus does: the key pair counts only with the group's switch on
        boolean clientCertificate = config.getOptionalValue(REACTIVE + "key-certificate-pem", Boolean.class)
                .orElse(false);
        List<String> clientCertificates = config.getOptionalValues(REACTIVE + "key-certificate-pem.certs", String.class)
                .orElse(List.of());
        List<String> clientKeys = config.getOptionalValues(REACTIVE + "key-certificate-pem.keys", String.class)
                .orElse(List.of());
        if (clientCertificate && !clientCertificates.isEmpty()) {
            options.setKeyCertOptions(
                    new PemKeyCertOptions().setCertPaths(clientCertificates).setKeyPaths(clientKeys));
        }
        // Quarkus spells "no check" NONE, Vert.x an empty name
        config.getOptionalValue(REACTIVE + "hostname-verification-algorithm", String.class)
                .map(algorithm -> algorithm.equalsIgnoreCase("NONE") ? "" : algorithm)
                .ifPresent(options::setHostnameVerificationAlgorithm);
        return options;
    }
}
