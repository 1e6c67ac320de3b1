package dev.ledger.command.outbox;

import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import dev.ledger.contracts.CloudEventAttributes;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns an outbox row into the message the relay sends: the row's JSON payload as the record value,
 * its CloudEvents attributes as metadata (the channel writes them as {@code ce_*} headers, binary
 * mode), and the account id as the record key, so one account's events share a partition and stay
 * in order.
 */
final class CloudEventMapper {

    private CloudEventMapper() {}

    static Message<String> toMessage(PendingEvent event) {
        String accountId = event.accountId().toString();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.eventId().toString())
                .withSource(CloudEventAttributes.SOURCE)
                .withType(event.eventType())
                .withSubject(accountId)
                .withTimestamp(event.occurredAt().atZone(ZoneOffset.UTC))
                .withDataContentType(CloudEventAttributes.JSON)
                .withExtension(CloudEventAttributes.SCHEMA_VERSION_EXTENSION, CloudEventAttributes.SCHEMA_VERSION)
                .build();
        return Message.of(event.payload())
                .addMetadata(cloudEvent)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(accountId)
                        .build());
    }
}
