package dev.ledger.k8s.managed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.Commands;
import dev.ledger.devstack.FreePorts;
import dev.ledger.devstack.KafkaBroker;
import dev.ledger.devstack.PostgresServer;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.k8s.Closing;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged services against data services run as a managed provider runs them: PostgreSQL
 * that accepts only TLS ({@code hostssl}), with a certificate from a CA made for the test, and logs
 * both services in with a client certificate the CA signed (command-service's outbox relay's LISTEN
 * connection too), and a command-service of its own with a password; Kafka with a SASL_SSL listener, SCRAM users and ACLs (command-service may only write the
 * events topic, query-service only read it and write the dead-letter topic), and the topic and group
 * names prefixed as a shared cluster imposes. Only configuration differs from the other tests.
 */
class ManagedServicesIT {

    private static final String PREFIX = "acme.";
    private static final String EVENTS = PREFIX + "ledger.account-events";
    private static final String DEAD_LETTERS = EVENTS + ".dlq";
    private static final String GROUP = PREFIX + "query-service";
    private static final String DB_USER = "ledger";
    /** The database of a command-service that runs with the wrong Kafka user: a relay of its own. */
    private static final String UNAUTHORIZED_COMMAND_DB = "command_unauthorized";

    private static final String DB_PASSWORD = "ledger-db-secret";
    /** INFO, and the Kafka clients' configuration dumps Quarkus otherwise turns down to WARN. */
    private static final Map<String, String> INFO_LOGS = Map.of(
            "quarkus.log.level", "INFO",
            "quarkus.log.category.\"org.apache.kafka.common.config.AbstractConfig\".level", "INFO",
            "quarkus.log.category.\"org.apache.kafka.clients\".level", "INFO");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestAuthority authority;
    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static ServiceProcess command;
    private static ServiceProcess query;

    @BeforeAll
    static void start() throws Exception {
        Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "managed-");
        authority = TestAuthority.create(directory.resolve("tls"));
        postgres = PostgresServer.embedded(
                directory.resolve("postgres"),
                FreePorts.any(),
                Map.of(
                        "ssl", "on",
                        "ssl_cert_file", authority.serverCertificate().toString(),
                        "ssl_key_file", authority.serverKey().toString(),
                        "ssl_ca_file", authority.certificate().toString()));
        acceptOnlyTls(directory.resolve("postgres"));
        kafka = KafkaBroker.embedded(
                directory.resolve("kafka"),
                FreePorts.any(),
                new KafkaBroker.SecuredListener(
                        FreePorts.any(),
                        Files.readString(authority.serverCertificate()),
                        Files.readString(authority.serverKey())));
        createUsersTopicsAndAcls();
        command = ServiceProcess.start(
                serviceDirectory("command-service"), certifiedEnvironment("command", "command"), INFO_LOGS);
        query = ServiceProcess.start(
                serviceDirectory("query-service"), certifiedEnvironment("query", "query"), INFO_LOGS);
    }

    @AfterAll
    static void stop() {
        Closing.all("managed services test", query, command, kafka, postgres);
    }

    @Test
    void shouldShowACommandOnTheQuerySideOverTlsAndScram() throws Exception {
        String id = Commands.post(command, "/accounts", "{\"owner\":\"managed\",\"currency\":\"EUR\"}", 201)
                .path("id")
                .asText();

        JsonNode account = await().atMost(Duration.ofSeconds(60)).until(() -> read(id), read -> read != null);
        assertEquals("managed", account.path("owner").asText());
    }

    @Test
    void shouldReachPostgresOnlyOverTls() throws Exception {
        // the relay opens its LISTEN connection once the service runs: its certificate must log it in too
        await().atMost(Duration.ofSeconds(30)).until(() -> relayListensByCertificate());
        Map<String, String> clientNames = new HashMap<>();
        try (Connection admin = postgres.connect("postgres");
                Statement statement = admin.createStatement();
                ResultSet connections = statement.executeQuery(
                        "SELECT a.usename, count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl),"
                                + " max(s.client_dn)"
                                + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename IN ('"
                                + DB_USER + "', '" + TestAuthority.CLIENT + "') GROUP BY a.usename")) {
            while (connections.next()) {
                String user = connections.getString(1);
                assertTrue(connections.getLong(2) > 0, user + " holds TLS connections");
                assertEquals(0, connections.getLong(3), "no connection of " + user + " without TLS");
                clientNames.put(user, String.valueOf(connections.getString(4)));
            }
        }
        assertEquals(
                "/CN=" + TestAuthority.CLIENT,
                clientNames.get(TestAuthority.CLIENT),
                "both services log in with the client certificate");
    }

    @Test
    void shouldRefuseAPlaintextKafkaClientOnTheManagedListener() {
        Map<String, Object> plaintext = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.securedBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(plaintext)) {
            assertThrows(
                    ExecutionException.class,
                    () -> admin.describeCluster().nodes().get());
        }
    }

    @Test
    void shouldLetCommandServiceOnlyWriteAndQueryServiceOnlyReadTheEvents() {
        // no group: the read itself is refused, not a group it is not in
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(client(
                "command",
                Map.of(
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())))) {
            consumer.assign(List.of(new TopicPartition(EVENTS, 0)));
            assertThrows(TopicAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(
                "query",
                Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000)))) {
            ExecutionException refused = assertThrows(
                    ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(EVENTS, "k", "v")).get());
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
    }

    @Test
    void shouldLogTheEventsTheClusterRefusesToTakeFromTheRelay() throws Exception {
        // command-service with the query side's Kafka user, which may not write the events
        try (ServiceProcess unauthorized = ServiceProcess.start(
                serviceDirectory("command-service"), environment(UNAUTHORIZED_COMMAND_DB, "query"), Map.of())) {
            // the command is taken: its event waits in the outbox
            Commands.post(unauthorized, "/accounts", "{\"owner\":\"denied\",\"currency\":\"EUR\"}", 201);
            String log = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> Files.readString(unauthorized.log()),
                            lines -> lines.contains("Kafka refused an outbox event"));
            assertTrue(log.contains("TopicAuthorizationException"), log);
        }
    }

    @Test
    void shouldNotStartWithTheWrongCertificateAuthority() {
        Map<String, String> wrongCa = environment("command", "command");
        wrongCa.put("DB_SSL_ROOT_CERT", authority.otherCertificate().toString());
        IllegalStateException failed = assertThrows(
                IllegalStateException.class,
                () -> ServiceProcess.start(serviceDirectory("command-service"), wrongCa, Map.of()));
        assertTrue(failed.getMessage().contains("PKIX path"), failed.getMessage());
    }

    @Test
    void shouldNotStartWhenTheServerIsNotTheHostItClaims() {
        Map<String, String> byAddress = environment("command", "command");
        // the certificate names localhost only: verify-full refuses it for 127.0.0.1
        byAddress.put("DB_HOST", "127.0.0.1");
        IllegalStateException failed = assertThrows(
                IllegalStateException.class,
                () -> ServiceProcess.start(serviceDirectory("command-service"), byAddress, Map.of()));
        assertTrue(failed.getMessage().contains("could not be verified"), failed.getMessage());
    }

    @Test
    void shouldWriteNoCredentialToItsLogs() throws Exception {
        Commands.post(command, "/accounts", "{\"owner\":\"logs\",\"currency\":\"EUR\"}", 201);
        for (ServiceProcess service : List.of(command, query)) {
            String log = Files.readString(service.log());
            assertTrue(log.contains("sasl.jaas.config"), "the Kafka client logged its configuration");
            for (String credential : List.of(DB_PASSWORD, kafkaPassword("command"), kafkaPassword("query"))) {
                assertFalse(log.contains(credential), service.log() + " shows a credential");
            }
        }
    }

    @Test
    void shouldNotStartWithContradictorySettingsAndNameThem() {
        Map<String, String> contradictory = environment("command", "command");
        contradictory.remove("DB_SSL_ROOT_CERT");
        contradictory.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        IllegalStateException failed = assertThrows(
                IllegalStateException.class,
                () -> ServiceProcess.start(serviceDirectory("command-service"), contradictory, Map.of()));
        assertTrue(failed.getMessage().contains("DB_SSL_MODE=verify-full needs DB_SSL_ROOT_CERT"), failed.getMessage());
        assertTrue(
                failed.getMessage()
                        .contains("KAFKA_SSL_CA_LOCATION is set but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT does not use"
                                + " TLS"),
                failed.getMessage());
    }

    /** command-service's LISTEN connection is up, over TLS, logged in by the client certificate. */
    private static boolean relayListensByCertificate() throws Exception {
        try (Connection admin = postgres.connect("postgres");
                Statement statement = admin.createStatement();
                ResultSet listening = statement.executeQuery("SELECT count(*) FROM pg_stat_ssl s"
                        + " JOIN pg_stat_activity a USING (pid) WHERE a.query LIKE 'LISTEN%' AND s.ssl"
                        + " AND a.usename = '" + TestAuthority.CLIENT + "' AND s.client_dn = '/CN="
                        + TestAuthority.CLIENT + "'")) {
            listening.next();
            return listening.getLong(1) == 1;
        }
    }

    /** What the platform team hands a service: its database, its Kafka user, the CA, the names. */
    private static Map<String, String> environment(String database, String kafkaUser) {
        Map<String, String> environment = new HashMap<>();
        environment.put("DB_HOST", "localhost");
        environment.put("DB_PORT", String.valueOf(postgres.port()));
        environment.put("DB_NAME", database);
        environment.put("DB_USER", DB_USER);
        environment.put("DB_PASSWORD", DB_PASSWORD);
        environment.put("DB_SSL_MODE", "verify-full");
        environment.put("DB_SSL_ROOT_CERT", authority.certificate().toString());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.securedBootstrapServers());
        environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        environment.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        environment.put("KAFKA_SASL_JAAS_CONFIG", jaas(kafkaUser));
        environment.put("KAFKA_SSL_CA_LOCATION", authority.certificate().toString());
        environment.put("KAFKA_EVENTS_TOPIC", EVENTS);
        environment.put("KAFKA_DLQ_TOPIC", DEAD_LETTERS);
        environment.put("KAFKA_CONSUMER_GROUP", GROUP);
        return environment;
    }

    /** The same, with a client certificate in place of the database password. */
    private static Map<String, String> certifiedEnvironment(String database, String kafkaUser) {
        Map<String, String> environment = environment(database, kafkaUser);
        environment.put("DB_USER", TestAuthority.CLIENT);
        environment.remove("DB_PASSWORD");
        environment.put("DB_SSL_CERT", authority.clientCertificate().toString());
        environment.put("DB_SSL_KEY", authority.clientKey().toString());
        return environment;
    }

    private static Map<String, Object> client(String user, Map<String, Object> settings) {
        Map<String, Object> client = new HashMap<>(settings);
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.securedBootstrapServers());
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        client.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user));
        client.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        client.put(
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                authority.certificate().toString());
        return client;
    }

    private static String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + kafkaPassword(user) + "\";";
    }

    private static String kafkaPassword(String user) {
        return user + "-kafka-secret";
    }

    /**
     * The roles and databases the services own; then only TLS connections, with a password for
     * one role and the client certificate for the other.
     */
    private static void acceptOnlyTls(Path dataDirectory) throws Exception {
        try (Connection admin = postgres.connect("postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
            statement.execute("CREATE ROLE " + TestAuthority.CLIENT + " LOGIN");
            statement.execute("CREATE DATABASE command OWNER " + TestAuthority.CLIENT);
            statement.execute("CREATE DATABASE query OWNER " + TestAuthority.CLIENT);
            statement.execute("CREATE DATABASE " + UNAUTHORIZED_COMMAND_DB + " OWNER " + DB_USER);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    local   all  all                    trust
                    hostssl all  postgres  127.0.0.1/32 trust
                    hostssl all  %s    127.0.0.1/32 scram-sha-256
                    hostssl all  %s    127.0.0.1/32 cert
                    """.formatted(DB_USER, TestAuthority.CLIENT));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static void createUsersTopicsAndAcls() throws Exception {
        try (Admin admin = kafka.admin()) {
            for (String user : List.of("command", "query")) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                user,
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                kafkaPassword(user))))
                        .all()
                        .get();
            }
            admin.createTopics(List.of(new NewTopic(EVENTS, 3, (short) 1), new NewTopic(DEAD_LETTERS, 1, (short) 1)))
                    .all()
                    .get();
            admin.createAcls(List.of(
                            allow("command", ResourceType.TOPIC, EVENTS, AclOperation.WRITE),
                            allow("command", ResourceType.TOPIC, EVENTS, AclOperation.DESCRIBE),
                            allow("query", ResourceType.TOPIC, EVENTS, AclOperation.READ),
                            allow("query", ResourceType.TOPIC, EVENTS, AclOperation.DESCRIBE),
                            allow("query", ResourceType.GROUP, GROUP, AclOperation.READ),
                            allow("query", ResourceType.TOPIC, DEAD_LETTERS, AclOperation.WRITE),
                            allow("query", ResourceType.TOPIC, DEAD_LETTERS, AclOperation.DESCRIBE)))
                    .all()
                    .get();
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static JsonNode read(String id) throws Exception {
        HttpResponse<String> read = HTTP.send(
                Callers.adminRequest(query.uri("/accounts/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        return read.statusCode() == 200 ? JSON.readTree(read.body()) : null;
    }

    private static Path serviceDirectory(String module) {
        return Path.of(System.getProperty("ledger.repository", "..")).resolve(module);
    }
}
