package dev.ledger.command.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The relay's connection options from the datasource's settings, as a managed PostgreSQL needs them. */
class RelayConnectOptionsTest {

    private static final Map<String, String> CERTIFICATE_LOGIN = Map.of(
            "quarkus.datasource.reactive.url", "postgresql://db.example:5432/command",
            "quarkus.datasource.username", "ledger_certified",
            "quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full",
            "quarkus.datasource.reactive.trust-certificate-pem.certs", "/tls/ca.crt",
            "quarkus.datasource.reactive.key-certificate-pem", "true",
            "quarkus.datasource.reactive.key-certificate-pem.certs", "/tls/client.crt",
            "quarkus.datasource.reactive.key-certificate-pem.keys", "/tls/client.key",
            "quarkus.datasource.reactive.hostname-verification-algorithm", "NONE");

    @Test
    void shouldLogInByTheClientCertificateOverTlsWithoutAPassword() {
        PgConnectOptions options = RelayConnectOptions.of(config(CERTIFICATE_LOGIN));

        assertEquals("db.example", options.getHost());
        assertEquals("command", options.getDatabase());
        assertEquals("ledger_certified", options.getUser());
        assertEquals(SslMode.VERIFY_FULL, options.getSslMode());
        assertEquals(
                List.of("/tls/ca.crt"),
                assertInstanceOf(PemTrustOptions.class, options.getTrustOptions())
                        .getCertPaths());
        PemKeyCertOptions keyPair = assertInstanceOf(PemKeyCertOptions.class, options.getKeyCertOptions());
        assertEquals(List.of("/tls/client.crt"), keyPair.getCertPaths());
        assertEquals(List.of("/tls/client.key"), keyPair.getKeyPaths());
        assertEquals("", options.getHostnameVerificationAlgorithm(), "Quarkus's NONE is Vert.x's empty name");
    }

    @Test
    void shouldLeaveTheKeyPairOutWhenTheDatasourceSwitchesItOff() {
        Map<String, String> switchedOff = new HashMap<>(CERTIFICATE_LOGIN);
        switchedOff.put("quarkus.datasource.reactive.key-certificate-pem", "false");
        switchedOff.put("quarkus.datasource.password", "secret");

        PgConnectOptions options = RelayConnectOptions.of(config(switchedOff));

        assertNull(options.getKeyCertOptions());
        assertEquals("secret", options.getPassword());
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
