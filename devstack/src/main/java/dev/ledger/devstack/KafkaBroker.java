package dev.ledger.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;

/**
 * An Apache Kafka broker in KRaft mode, a single node acting as broker and controller, running in
 * this JVM; or an existing cluster reached by its bootstrap servers.
 */
public final class KafkaBroker extends LocalServer<KafkaRaftServer> {

    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final String bootstrapServers;
    private final int port;
    private final SecuredListener secured;

    /**
     * A listener as managed Kafka services offer one: SASL_SSL with SCRAM-SHA-512 on
     * {@code localhost:port}, its certificate and key given as PEM text. With it the broker enforces
     * ACLs; the PLAINTEXT listener stays on 127.0.0.1 for administration, its anonymous user a super
     * user, and SCRAM users are created through it ({@code Admin#alterUserScramCredentials}).
     */
    public record SecuredListener(int port, String certificateChainPem, String privateKeyPem) {

        public String bootstrapServers() {
            return "localhost:" + port;
        }
    }

    private KafkaBroker(Path logDirectory, int port, String bootstrapServers, SecuredListener secured) {
        super(logDirectory);
        this.port = port;
        this.bootstrapServers = bootstrapServers;
        this.secured = secured;
    }

    /** Starts a broker on {@code port}, keeping its log in {@code logDirectory} across starts. */
    public static KafkaBroker embedded(Path logDirectory, int port) {
        return embedded(logDirectory, port, null);
    }

    /** The same, with a {@link SecuredListener} beside the PLAINTEXT one when {@code secured} is given. */
    public static KafkaBroker embedded(Path logDirectory, int port, SecuredListener secured) {
        KafkaBroker broker = new KafkaBroker(logDirectory, port, "127.0.0.1:" + port, secured);
        broker.start();
        return broker;
    }

    public static KafkaBroker existing(String bootstrapServers) {
        return new KafkaBroker(null, -1, bootstrapServers, null);
    }

    @Override
    KafkaRaftServer startEmbedded(Path logDirectory) {
        KafkaRaftServer server = null;
        try {
            KafkaStorage.formatIfNeeded(logDirectory, NODE_ID);
            server = new KafkaRaftServer(new KafkaConfig(config(logDirectory, FreePorts.any()), false), Time.SYSTEM);
            server.startup();
            awaitReady();
            return server;
        } catch (Exception e) {
            if (server != null) {
                stopEmbedded(server);
            }
            throw new IllegalStateException(
                    "Kafka did not start on port " + port + " with its log in " + logDirectory + ": " + rootCause(e),
                    e);
        }
    }

    @Override
    void stopEmbedded(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private Properties config(Path logDirectory, int controllerPort) {
        Properties config = new Properties();
        config.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry(
                        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDirectory.toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false")));
        if (secured != null) {
            secure(config, controllerPort);
        }
        return config;
    }

    private void secure(Properties config, int controllerPort) {
        String sasl = "listener.name.sasl_ssl.";
        config.putAll(Map.ofEntries(
                Map.entry(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:" + port + ",SASL_SSL://localhost:" + secured.port() + ","
                                + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort),
                Map.entry(
                        "advertised.listeners",
                        "PLAINTEXT://127.0.0.1:" + port + "," + "SASL_SSL://localhost:" + secured.port()),
                Map.entry(
                        "listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
                Map.entry(
                        sasl + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry(sasl + "ssl.keystore.type", "PEM"),
                Map.entry(sasl + "ssl.keystore.certificate.chain", secured.certificateChainPem()),
                Map.entry(sasl + "ssl.keystore.key", secured.privateKeyPem()),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("super.users", "User:ANONYMOUS"),
                Map.entry("allow.everyone.if.no.acl.found", "false")));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka on " + bootstrapServers + " did not become ready", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SASL_SSL listener's address; fails for a broker started without one. */
    public String securedBootstrapServers() {
        if (secured == null) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return secured.bootstrapServers();
    }

    public Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(config);
    }

    /** Creates each topic that does not exist yet. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics on " + bootstrapServers + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
