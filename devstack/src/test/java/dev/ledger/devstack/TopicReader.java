package dev.ledger.devstack;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, outside any consumer group, for tests that check what
 * was published. {@link #awaitRecords} polls until a condition holds or a deadline passes.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record read so far, then more until {@code done} holds for them all; fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> awaitRecords(
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "condition not met within " + timeout + "; " + records.size() + " records read");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Reads to the current end of every partition and returns everything read. */
    public List<ConsumerRecord<String, String>> readToEnd(Duration timeout) {
        var end = consumer.endOffsets(consumer.assignment());
        return awaitRecords(
                read -> end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()), timeout);
    }

    /** Decodes a record published in CloudEvents binary mode with the contracts' codec. */
    public static AccountEvent event(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(CloudEventAttributes.HEADER_PREFIX + "type");
        return AccountEventCodec.fromJson(
                type == null ? null : new String(type.value(), StandardCharsets.UTF_8), record.value());
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
