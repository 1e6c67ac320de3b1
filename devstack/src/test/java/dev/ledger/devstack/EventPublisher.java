package dev.ledger.devstack;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes account events to the real topic exactly as the outbox relay does (CloudEvents binary
 * mode, JSON from the contracts' codec, keyed by account), and raw records for poison tests.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public EventPublisher(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config);
    }

    public void publish(AccountEvent... events) {
        for (AccountEvent event : events) {
            send(
                    event.accountId().toString(),
                    AccountEventCodec.toJson(event),
                    headers(CloudEventAttributes.of(event)));
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
        try {
            producer.send(new ProducerRecord<>(Topics.ACCOUNT_EVENTS, null, key, value, headers))
                    .get();
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
