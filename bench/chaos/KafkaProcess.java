import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The Kafka broker in its own JVM ({@link ChaosKafka}), on one port and log directory across restarts. */
final class KafkaProcess {

    private static final String READY = "chaos-kafka: ready";

    private final ServerLaunch launch;
    private volatile Launched broker;

    KafkaProcess(ServerLaunch launch) {
        this.launch = launch;
    }

    void start() throws IOException, InterruptedException {
        broker = launch.start(List.of("-Xmx384m", "-XX:+UseSerialGC"), "ChaosKafka");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!broker.output().contains(READY)) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                broker.kill();
                throw new IllegalStateException(
                        "Kafka did not start on port " + launch.port() + ": " + broker.output());
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
        return "127.0.0.1:" + launch.port();
    }
}
