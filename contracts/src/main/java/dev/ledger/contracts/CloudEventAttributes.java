package dev.ledger.contracts;

import java.net.URI;
import java.time.Instant;

/**
 * The CloudEvents 1.0 context attributes of one account event. In Kafka binary mode each one is a
 * {@code ce_<name>} header (see {@link #HEADER_PREFIX}); the JSON data is the record value.
 */
public record CloudEventAttributes(
        String id,
        URI source,
        String type,
        String subject,
        Instant time,
        String dataContentType,
        String schemaVersion) {

    public static final String SPEC_VERSION = "1.0";
    public static final String HEADER_PREFIX = "ce_";
    public static final URI SOURCE = URI.create("urn:dev.ledger:command-service");
    public static final String JSON = "application/json";
    /** Extension attribute naming the version of the data's schema; bumped on a breaking change. */
    public static final String SCHEMA_VERSION_EXTENSION = "schemaversion";
    /**
     * The CloudEvents distributed-tracing extension: the W3C trace context of the command that
     * caused the event, so a consumer can tie what it does to that request's trace.
     */
    public static final String TRACEPARENT_EXTENSION = "traceparent";

    public static final String TRACESTATE_EXTENSION = "tracestate";

    public static final String SCHEMA_VERSION = "1";

    public static CloudEventAttributes of(AccountEvent event) {
        return new CloudEventAttributes(
                event.eventId().toString(),
                SOURCE,
                event.type().ceType(),
                event.accountId().toString(),
                event.occurredAt(),
                JSON,
                SCHEMA_VERSION);
    }
}
