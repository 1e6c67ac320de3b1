package dev.ledger.command.outbox;

import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import dev.ledger.contracts.CloudEventAttributes;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns an outbox row into the message the relay sends: the row's JSON payload as the record value,
 * its CloudEvents attributes as metadata (the channel writes them as {@code ce_*} headers, binary
 * mode), and the account id as the record key, so one account's events share a partition and stay
 * in order. The command's trace context goes along twice: as the CloudEvents distributed-tracing
 * extension, and as the parent of the Kafka send's span, so the trace continues across Kafka.
 */
final class CloudEventMapper {

    private CloudEventMapper() {}

    static Message<String> toMessage(PendingEvent event) {
        String accountId = event.accountId().toString();
        OutgoingCloudEventMetadataBuilder<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.eventId().toString())
                .withSource(CloudEventAttributes.SOURCE)
                .withType(event.eventType())
                .withSubject(accountId)
                .withTimestamp(event.occurredAt().atZone(ZoneOffset.UTC))
                .withDataContentType(CloudEventAttributes.JSON)
                .withExtension(CloudEventAttributes.SCHEMA_VERSION_EXTENSION, CloudEventAttributes.SCHEMA_VERSION);
        if (event.trace().traceParent() != null) {
            cloudEvent.withExtension(
                    CloudEventAttributes.TRACEPARENT_EXTENSION, event.trace().traceParent());
        }
        if (event.trace().traceState() != null) {
            cloudEvent.withExtension(
                    CloudEventAttributes.TRACESTATE_EXTENSION, event.trace().traceState());
        }
        return Message.of(event.payload())
                .addMetadata(cloudEvent.build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(accountId)
                        .build())
                // the parent of the connector's send span, which writes the W3C traceparent header
                .addMetadata(TracingMetadata.withCurrent(OutboxTracing.parentOf(event.trace())));
    }
}
