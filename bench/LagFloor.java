import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor of the visibility lag: what the same path costs with nothing of the ledger in it. For
 * each sample a row is committed in the command database (the command's commit, not timed, as the
 * lag is timed from the command's answer), then sent to Kafka with the relay's producer settings
 * (acks=all, idempotent, linger 1 ms), read by a consumer polling the topic, and committed as a row
 * in the query database. Lag = from the first commit's return to the second commit's return.
 * Prints "samples p50 p90 p99 max" in milliseconds, like VisibilityLag.
 * Run: java -cp <kafka-clients and pgjdbc> bench/LagFloor.java <bootstrap> <command-jdbc-url>
 * <query-jdbc-url> <user> <password> <samples>
 */
public class LagFloor {

    private static final String TOPIC = "bench.lag-floor";
    private static final String TABLE = "CREATE TABLE IF NOT EXISTS bench_lag_floor (id uuid PRIMARY KEY, at timestamptz NOT NULL)";
    private static final String INSERT = "INSERT INTO bench_lag_floor (id, at) VALUES (?, now())";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int samples = Integer.parseInt(args[5]);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
        }
        try (Connection command = DriverManager.getConnection(args[1], args[3], args[4]);
                Connection query = DriverManager.getConnection(args[2], args[3], args[4]);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", "true", "linger.ms", "1"),
                        new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        Map.of("bootstrap.servers", bootstrap, "fetch.max.wait.ms", "500"),
                        new StringDeserializer(), new StringDeserializer())) {
            for (Connection connection : List.of(command, query)) {
                connection.createStatement().execute(TABLE);
            }
            command.setAutoCommit(false);
            query.setAutoCommit(false);
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            List<Double> lags = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                UUID id = UUID.randomUUID();
                insert(command, id);
                long committed = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, id.toString(), id.toString())).get();
                ConsumerRecord<String, String> received = null;
                while (received == null) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(5))) {
                        received = record;
                    }
                }
                insert(query, UUID.fromString(received.value()));
                lags.add((System.nanoTime() - committed) / 1e6);
                // the same pace as VisibilityLag's samples, which poll the query side every millisecond
                Thread.sleep(1);
            }
            Collections.sort(lags);
            System.out.printf("%d %.1f %.1f %.1f %.1f%n", samples, percentile(lags, 50), percentile(lags, 90),
                    percentile(lags, 99), lags.get(lags.size() - 1));
        }
    }

    private static void insert(Connection connection, UUID id) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, id);
            insert.executeUpdate();
        }
        connection.commit();
    }

    private static double percentile(List<Double> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
