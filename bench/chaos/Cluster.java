import dev.ledger.devstack.DevstackMain;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Everything a chaos run starts, each a process a fault can reach: PostgreSQL (the command and
 * query databases), the Kafka broker, one command-service, two query-service replicas in one
 * consumer group, and the jobs. The ports are fixed and below Linux's ephemeral range, so that a
 * restarted server finds its port free. Closing stops all of it, from a shutdown hook too when the
 * run ends early.
 */
final class Cluster implements AutoCloseable {

    /** The driver's own database sessions, told apart from the services' by this name. */
    static final String APPLICATION_NAME = "ledger-chaos";

    private static final int POSTGRES_PORT = 26432;
    private static final int KAFKA_PORT = 26092;
    private static final int COMMAND_PORT = 26080;
    private static final List<Integer> QUERY_PORTS = List.of(26081, 26082);
    private static final Path COMMAND_JAR = Path.of("command-service/target/quarkus-app/quarkus-run.jar");
    private static final Path QUERY_JAR = Path.of("query-service/target/quarkus-app/quarkus-run.jar");
    private static final Path JOBS_JAR = Path.of("jobs/target/quarkus-app/quarkus-run.jar");

    private final PostgresProcess postgres;
    private final KafkaProcess kafka;
    private final PackagedService command;
    private final List<PackagedService> queries;
    private final JobsRunner jobs;
    private final Optional<KafkaPartition> partition;
    private final TokenIssuer tokens;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread closeOnExit = new Thread(this::close, "chaos-cluster-close");

    /**
     * Everything a run starts, not started yet, with its data and logs in {@code work}; only the
     * token issuer runs already, in this JVM, since the services' settings name its key set.
     */
    private Cluster(Path work, boolean partitionable) throws IOException {
        JavaCommand java = JavaCommand.ofThisJvm();
        tokens = TokenIssuer.start(0);
        postgres = new PostgresProcess(
                new ServerLaunch(java, work.resolve("postgres"), POSTGRES_PORT, work.resolve("postgres.log")));
        kafka = new KafkaProcess(new ServerLaunch(java, work.resolve("kafka"), KAFKA_PORT, work.resolve("kafka.log")));
        partition = partitionable ? Optional.of(new KafkaPartition(KAFKA_PORT)) : Optional.empty();
        List<String> commandOptions = new ArrayList<>();
        if (partitionable) {
            // its own uid cannot write where root's processes put their temporary files
            Path tmp = Files.createDirectories(work.resolve("command-service-tmp"));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
            commandOptions.add("-Djava.io.tmpdir=" + tmp);
        }
        command = new PackagedService(
                "command-service",
                java,
                COMMAND_JAR,
                COMMAND_PORT,
                partition.map(KafkaPartition::launcher).orElse(List.of()),
                commandOptions,
                serviceEnvironment(LocalStack.COMMAND_DATABASE, tokens),
                work.resolve("command-service.log"));
        List<PackagedService> replicas = new ArrayList<>();
        for (int replica = 0; replica < QUERY_PORTS.size(); replica++) {
            String name = "query-service-" + (replica + 1);
            replicas.add(new PackagedService(
                    name,
                    java,
                    QUERY_JAR,
                    QUERY_PORTS.get(replica),
                    List.of(),
                    List.of(),
                    serviceEnvironment(LocalStack.QUERY_DATABASE, tokens),
                    work.resolve(name + ".log")));
        }
        queries = List.copyOf(replicas);
        jobs = new JobsRunner(java, JOBS_JAR, jobsEnvironment(), work);
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /**
     * Starts everything on fresh data in {@code work}, each server ready before the next starts.
     *
     * @param partitionable whether command-service runs so that {@link KafkaPartition} can cut it off
     */
    static Cluster start(Path work, boolean partitionable) throws IOException, InterruptedException {
        for (Path jar : List.of(COMMAND_JAR, QUERY_JAR, JOBS_JAR)) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run bench/chaos/run.sh without --no-build");
            }
        }
        List<Integer> ports = new ArrayList<>(List.of(POSTGRES_PORT, KAFKA_PORT, COMMAND_PORT));
        ports.addAll(QUERY_PORTS);
        ports.forEach(Cluster::checkFree);
        if (partitionable) {
            KafkaPartition.checkAvailable();
        }
        deleteRecursively(work);
        Files.createDirectories(work);

        Cluster cluster = new Cluster(work, partitionable);
        try {
            RunLog.say("starting PostgreSQL on " + POSTGRES_PORT + ", Kafka on " + KAFKA_PORT);
            cluster.postgres.start();
            cluster.kafka.start();
            RunLog.say("starting command-service on " + COMMAND_PORT + ", query-service on " + QUERY_PORTS);
            cluster.command.start();
            for (PackagedService query : cluster.queries) {
                query.start();
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The connection settings as the services read them in %prod (their application.properties), and
     * the token issuer whose tokens they take.
     */
    private static Map<String, String> serviceEnvironment(String database, TokenIssuer tokens) {
        Map<String, String> environment = new HashMap<>(tokens.environment());
        environment.putAll(Map.of(
                "DB_HOST",
                "127.0.0.1",
                "DB_PORT",
                Integer.toString(POSTGRES_PORT),
                "DB_NAME",
                database,
                "DB_USER",
                PostgresProcess.USER,
                "DB_PASSWORD",
                PostgresProcess.PASSWORD,
                "KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:" + KAFKA_PORT));
        return environment;
    }

    /** A token that may send every command and read every account (the load's and the checks'). */
    String adminToken() {
        return tokens.token("ledger-chaos", Set.of(DevstackMain.ADMIN));
    }

    /** The same for the jobs, which reach both databases (docs/jobs.md). */
    private static Map<String, String> jobsEnvironment() {
        return Map.ofEntries(
                Map.entry("COMMAND_DB_HOST", "127.0.0.1"),
                Map.entry("COMMAND_DB_PORT", Integer.toString(POSTGRES_PORT)),
                Map.entry("COMMAND_DB_NAME", LocalStack.COMMAND_DATABASE),
                Map.entry("COMMAND_DB_USER", PostgresProcess.USER),
                Map.entry("COMMAND_DB_PASSWORD", PostgresProcess.PASSWORD),
                Map.entry("QUERY_DB_HOST", "127.0.0.1"),
                Map.entry("QUERY_DB_PORT", Integer.toString(POSTGRES_PORT)),
                Map.entry("QUERY_DB_NAME", LocalStack.QUERY_DATABASE),
                Map.entry("QUERY_DB_USER", PostgresProcess.USER),
                Map.entry("QUERY_DB_PASSWORD", PostgresProcess.PASSWORD),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + KAFKA_PORT));
    }

    PostgresProcess postgres() {
        return postgres;
    }

    KafkaProcess kafka() {
        return kafka;
    }

    PackagedService command() {
        return command;
    }

    List<PackagedService> queries() {
        return queries;
    }

    JobsRunner jobs() {
        return jobs;
    }

    /** Present when the run includes partition-kafka. */
    Optional<KafkaPartition> partition() {
        return partition;
    }

    Connection commandDatabase() throws SQLException {
        return postgres.connect(LocalStack.COMMAND_DATABASE);
    }

    /** Heals, resumes and stops everything, the services before what they use; every step is tried. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RunLog.say("stopping everything the run started");
        partition.ifPresent(cut -> quietly("heal the partition", cut::heal));
        quietly("kill running jobs", jobs::killRunning);
        for (PackagedService query : queries) {
            quietly("stop " + query.name(), query::stop);
        }
        quietly("stop command-service", command::stop);
        quietly("stop Kafka", kafka::stop);
        quietly("stop PostgreSQL", postgres::stop);
        tokens.close();
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
        } catch (IllegalStateException shuttingDown) {
            // this is the hook, or it is about to run and finds everything closed
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("chaos: could not " + what + ": " + e);
        }
    }

    private static void checkFree(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken: is another chaos run, or what"
                    + " one left behind, still running? (e.g. ss -ltnp 'sport = :" + port + "')");
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
