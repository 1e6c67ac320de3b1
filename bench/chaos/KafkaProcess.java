import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Kafka broker in its own JVM ({@link ChaosKafka}), on one port and log directory across restarts. */
final class KafkaProcess {

    private static final String READY = "chaos-kafka: ready";

    private final JavaCommand java;
    private final Path logDirectory;
    private final int port;
    private final Path log;
    private volatile Launched broker;

    KafkaProcess(JavaCommand java, Path logDirectory, int port, Path log) {
        this.java = java;
        this.logDirectory = logDirectory;
        this.port = port;
        this.log = log;
    }

    void start() throws IOException, InterruptedException {
        broker = Launched.start(
                java.main(
                        List.of("-Xmx384m", "-XX:+UseSerialGC"),
                        "ChaosKafka",
                        logDirectory.toString(),
                        Integer.toString(port)),
                Map.of(),
                log);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!broker.output().contains(READY)) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                broker.kill();
                throw new IllegalStateException("Kafka did not start on port " + port + ": " + broker.output());
            }
            Thread.sleep(200);
        }
    }

    /** kill -9: the broker loses what it had not written to its log, clients their connections. */
    void kill() throws InterruptedException {
        broker.kill();
    }

    void stop() throws InterruptedException {
        if (broker != null) {
            broker.stop(Duration.ofSeconds(30));
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }
}
