import dev.ledger.devstack.KafkaBroker;
import dev.ledger.devstack.LocalStack;
import java.nio.file.Path;

/**
 * The chaos run's Kafka broker (KRaft, one node) in a JVM of its own, so that the driver can kill -9
 * it and start it again on the same port and log directory. SIGTERM stops it cleanly.
 *
 * <p>Run: {@code ChaosKafka <log directory> <port>}
 */
public final class ChaosKafka {

    private ChaosKafka() {}

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        KafkaBroker broker = KafkaBroker.embedded(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "chaos-kafka-stop"));
        broker.createTopics(LocalStack.topics());
        System.out.println("chaos-kafka: ready on " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
