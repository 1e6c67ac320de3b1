package dev.ledger.support.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

    @TempDir
    Path files;

    private String caBundle;
    private String clientCertificate;
    private String clientKey;

    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void writeCaBundle() throws IOException {
        caBundle = Files.writeString(files.resolve("ca.crt"), "ca").toString();
        clientCertificate = Files.writeString(files.resolve("tls.crt"), "cert").toString();
        clientKey = Files.writeString(files.resolve("tls.key"), "key").toString();
    }

    @Test
    void shouldAcceptNothingSet() {
        assertEquals(List.of(), problems());
    }

    @Test
    void shouldAcceptWhatAManagedProviderNeeds() {
        set("DB_SSL_MODE", "verify-full");
        set("DB_SSL_ROOT_CERT", caBundle);
        set("DB_SSL_CERT", clientCertificate);
        set("DB_SSL_KEY", clientKey);
        set("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        set("KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required;");
        set("KAFKA_SSL_CA_LOCATION", caBundle);
        assertEquals(List.of(), problems());
    }

    @Test
    void shouldAcceptTheInClusterPlatformsSasl() {
        set("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        set("KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required;");
        assertEquals(List.of(), problems());
    }

    @Test
    void shouldRefuseAnSslModeNoClientKnows() {
        set("DB_SSL_MODE", "verify_full");
        assertEquals(
                List.of(
                        "DB_SSL_MODE=verify_full is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                problems());
    }

    @Test
    void shouldRefuseVerifyingTheServerWithoutACaBundle() {
        set("DB_SSL_MODE", "verify-ca");
        assertEquals(
                List.of("DB_SSL_MODE=verify-ca needs DB_SSL_ROOT_CERT, the CA bundle (PEM) the server's certificate is"
                        + " checked against"),
                problems());
    }

    @Test
    void shouldRefuseACaBundleWhileTlsIsOff() {
        set("DB_SSL_ROOT_CERT", caBundle);
        assertEquals(
                List.of("DB_SSL_ROOT_CERT is set but DB_SSL_MODE is disable (the default): the connection would not"
                        + " use TLS"),
                problems());
    }

    @Test
    void shouldRefuseAClientCertificateWithoutItsKey() {
        set("DB_SSL_MODE", "require");
        set("DB_SSL_CERT", clientCertificate);
        assertEquals(
                List.of("a client certificate needs both DB_SSL_CERT and DB_SSL_KEY (PEM files), and only one is set"),
                problems());
    }

    @Test
    void shouldRefuseAClientCertificateWhileTlsIsOff() {
        set("DB_SSL_CERT", clientCertificate);
        set("DB_SSL_KEY", clientKey);
        assertEquals(
                List.of(
                        "DB_SSL_CERT is set but DB_SSL_MODE is disable (the default): the connection would not use TLS",
                        "DB_SSL_KEY is set but DB_SSL_MODE is disable (the default): the connection would not use TLS"),
                problems());
    }

    @Test
    void shouldRefuseAFileThatIsNotThere() {
        set("DB_SSL_MODE", "verify-full");
        set("DB_SSL_ROOT_CERT", files.resolve("missing.crt").toString());
        assertEquals(
                List.of("DB_SSL_ROOT_CERT=" + files.resolve("missing.crt") + " names no readable file"), problems());
    }

    @Test
    void shouldNameTheJobsSettingsWithTheirPrefix() {
        set("QUERY_DB_SSL_MODE", "verify-full");
        set("COMMAND_DB_SSL_ROOT_CERT", caBundle);
        assertEquals(
                List.of(
                        "COMMAND_DB_SSL_ROOT_CERT is set but COMMAND_DB_SSL_MODE is disable (the default): the"
                                + " connection would not use TLS",
                        "QUERY_DB_SSL_MODE=verify-full needs QUERY_DB_SSL_ROOT_CERT, the CA bundle (PEM) the server's"
                                + " certificate is checked against"),
                problems());
    }

    @Test
    void shouldRefuseAKafkaProtocolNoClientKnows() {
        set("KAFKA_SECURITY_PROTOCOL", "TLS");
        assertEquals(
                List.of("KAFKA_SECURITY_PROTOCOL=TLS is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
                problems());
    }

    @Test
    void shouldRefuseSaslWithoutALogin() {
        set("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        assertEquals(
                List.of("KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_SASL_JAAS_CONFIG, the SASL login"
                        + " (sasl.jaas.config)"),
                problems());
    }

    @Test
    void shouldRefuseALoginAProtocolWouldNotSendWithoutNamingIt() {
        set("KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"secret\";");
        List<String> problems = problems();
        assertEquals(
                List.of("KAFKA_SASL_JAAS_CONFIG is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT sends no credentials:"
                        + " use SASL_SSL (or SASL_PLAINTEXT)"),
                problems);
    }

    @Test
    void shouldRefuseACaBundleAKafkaProtocolWouldNotUse() {
        set("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        set("KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required;");
        set("KAFKA_SSL_CA_LOCATION", caBundle);
        assertEquals(
                List.of("KAFKA_SSL_CA_LOCATION is set but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT does not use TLS: use"
                        + " SASL_SSL (or SSL)"),
                problems());
    }

    private void set(String name, String value) {
        environment.put(name, value);
    }

    private List<String> problems() {
        return ConnectionSettings.problems(name -> Optional.ofNullable(environment.get(name)));
    }
}
