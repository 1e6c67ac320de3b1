package dev.ledger.jobs.rebuild;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.MalformedEvent;
import dev.ledger.support.kafka.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code ledger.account-events} from the beginning, outside any consumer group (the live
 * consumer's offsets are not touched), in per-partition order, which is per-account order.
 */
final class EventReplay implements AutoCloseable {

    /** Receives decoded events; {@code null} for a record that is not a valid event. */
    interface Handler {
        void accept(AccountEvent event) throws Exception;
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;

    EventReplay(Map<String, Object> kafka, String topic) {
        Map<String, Object> config = KafkaConnection.settings(kafka);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(config);
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    long remaining(Map<TopicPartition, Long> end) {
        long remaining = 0;
        for (TopicPartition partition : partitions) {
            remaining += Math.max(0, end.get(partition) - consumer.position(partition, Duration.ofSeconds(30)));
        }
        return remaining;
    }

    /** Feeds every record up to {@code end} to the handler; the handler commits as it sees fit. */
    void readUntil(Map<TopicPartition, Long> end, Handler handler) throws Exception {
        while (remaining(end) > 0) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    handler.accept(decode(record));
                } else {
                    consumer.seek(partition, end.get(partition));
                }
            }
        }
    }

    private static AccountEvent decode(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(CloudEventAttributes.HEADER_PREFIX + "type");
        try {
            return AccountEventCodec.fromJson(
                    type == null ? null : new String(type.value(), StandardCharsets.UTF_8), record.value());
        } catch (MalformedEvent e) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
