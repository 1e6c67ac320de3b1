import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.MalformedEvent;
import dev.ledger.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads ledger.account-events from the beginning, outside any consumer group, and holds it against
 * the write model: every account's versions 1..n (n its version now) and none beyond; a version seen
 * twice only as the same event (at-least-once delivery's duplicate, counted); how often a version
 * first appeared after a later one of its account. Counts the dead-letter topic's records too.
 */
final class TopicAudit {

    /**
     * @param duplicates  records of an (account, version) seen before, with the same event id
     * @param conflicting records of an (account, version) seen before with another event id
     * @param outOfOrder  versions that first appeared after a later version of their account
     * @param gaps        what is missing or extra, a line per account, the first few
     * @param gapCount    accounts with a missing or extra version
     */
    record Result(
            long records,
            long duplicates,
            long conflicting,
            long outOfOrder,
            long undecodable,
            List<String> gaps,
            long gapCount,
            long deadLetters) {}

    private TopicAudit() {}

    static Result read(String bootstrapServers, Map<UUID, QueryApi.AccountState> written) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, Cluster.APPLICATION_NAME);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            Map<UUID, Map<Long, UUID>> events = new HashMap<>();
            Map<UUID, Long> highestSeen = new HashMap<>();
            long records = 0;
            long duplicates = 0;
            long conflicting = 0;
            long outOfOrder = 0;
            long undecodable = 0;
            List<TopicPartition> partitions = partitions(consumer, Topics.ACCOUNT_EVENTS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + Topics.ACCOUNT_EVENTS + " to its end in 2 minutes");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    AccountEvent event;
                    try {
                        event = AccountEventCodec.fromJson(
                                header(record, CloudEventAttributes.HEADER_PREFIX + "type"), record.value());
                    } catch (MalformedEvent e) {
                        undecodable++;
                        continue;
                    }
                    UUID account = event.accountId().value();
                    UUID first = events.computeIfAbsent(account, a -> new HashMap<>())
                            .putIfAbsent(event.version(), event.eventId());
                    if (first == null) {
                        if (event.version() < highestSeen.getOrDefault(account, 0L)) {
                            outOfOrder++;
                        }
                        highestSeen.merge(account, event.version(), Math::max);
                    } else if (first.equals(event.eventId())) {
                        duplicates++;
                    } else {
                        conflicting++;
                    }
                }
            }
            List<String> gaps = new ArrayList<>();
            long gapCount = 0;
            for (Map.Entry<UUID, QueryApi.AccountState> account : written.entrySet()) {
                Map<Long, UUID> versions = events.getOrDefault(account.getKey(), Map.of());
                long expected = account.getValue().version();
                long missing = 0;
                for (long version = 1; version <= expected; version++) {
                    missing += versions.containsKey(version) ? 0 : 1;
                }
                long beyond = versions.keySet().stream()
                        .filter(version -> version > expected)
                        .count();
                if (missing + beyond > 0) {
                    gapCount++;
                    CheckResult.note(
                            gaps,
                            "account " + account.getKey() + " at version " + expected + ": " + missing
                                    + " version(s) missing, " + beyond + " beyond it");
                }
            }
            long strangers = events.keySet().stream()
                    .filter(account -> !written.containsKey(account))
                    .count();
            if (strangers > 0) {
                gapCount += strangers;
                gaps.add(strangers + " account(s) on the topic that the write model does not have");
            }
            return new Result(
                    records, duplicates, conflicting, outOfOrder, undecodable, gaps, gapCount, deadLetters(consumer));
        }
    }

    private static long deadLetters(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = partitions(consumer, Topics.ACCOUNT_EVENTS_DLQ);
        Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        return partitions.stream()
                .mapToLong(partition -> end.get(partition) - first.get(partition))
                .sum();
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
