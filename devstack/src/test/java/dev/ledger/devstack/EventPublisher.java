package dev.ledger.devstack;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes account events to the real topic exactly as the outbox relay does (CloudEvents binary
 * mode, JSON from the contracts' codec, keyed by account), and raw records for poison tests.
 */
public final class EventPublisher implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public EventPublisher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        producer = new KafkaProducer<>(settings(bootstrapServers));
    }

    private static Properties settings(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    public void publish(AccountEvent... events) {
        for (AccountEvent event : events) {
            acknowledged(producer.send(record(event)));
        }
    }

    /**
     * Publishes the events as one batch of records per partition: a producer that waits for no more
     * records holds them until they are all sent, then sends them at once. Kafka appends a batch
     * whole, so the consumer's poll that reaches it returns every record of it together.
     */
    public void publishTogether(AccountEvent... events) {
        Properties config = settings(bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
        try (KafkaProducer<String, String> together = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (AccountEvent event : events) {
                sent.add(together.send(record(event)));
            }
            together.flush();
            for (Future<RecordMetadata> record : sent) {
                acknowledged(record);
            }
        }
    }

    /** A record with arbitrary key, value and headers, e.g. one that is not a valid event. */
    public void publishRaw(String key, String value, List<Header> headers) {
        send(key, value, headers);
    }

    public static List<Header> headers(CloudEventAttributes attributes) {
        return List.of(
                header("ce_specversion", CloudEventAttributes.SPEC_VERSION),
                header("ce_id", attributes.id()),
                header("ce_source", attributes.source().toString()),
                header("ce_type", attributes.type()),
                header("ce_subject", attributes.subject()),
                header("ce_time", attributes.time().toString()),
                header("ce_" + CloudEventAttributes.SCHEMA_VERSION_EXTENSION, attributes.schemaVersion()),
                header("content-type", attributes.dataContentType()));
    }

    public static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void send(String key, String value, List<Header> headers) {
        acknowledged(producer.send(record(key, value, headers)));
    }

    /** The event as the relay sends it: keyed by its account, JSON, CloudEvents headers. */
    private static ProducerRecord<String, String> record(AccountEvent event) {
        return record(
                event.accountId().toString(), AccountEventCodec.toJson(event), headers(CloudEventAttributes.of(event)));
    }

    private static ProducerRecord<String, String> record(String key, String value, List<Header> headers) {
        return new ProducerRecord<>(Topics.ACCOUNT_EVENTS, null, key, value, headers);
    }

    private static void acknowledged(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka refused the record: " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
