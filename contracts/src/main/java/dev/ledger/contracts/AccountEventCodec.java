package dev.ledger.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The JSON form of account events, shared by the outbox writer, the consumers, the jobs and tests.
 * Readers are tolerant of fields they do not know (additive schema changes stay compatible) and
 * strict about the ones they need: every field must be present (optional ones such as
 * {@code reference} as null), and a missing field, a wrong type or a broken rule is a
 * {@link MalformedEvent}.
 */
public final class AccountEventCodec {

    // Its own mapper, not the one Quarkus configures: contracts is plain Java (the jobs and unit tests
    // call it outside CDI), and the wire form must not follow a service's HTTP settings. Each
    // service's mapper is tuned for its API (command-service's StrictJson refuses unknown fields,
    // which would make a reader of events intolerant of additive changes).
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private AccountEventCodec() {}

    public static String toJson(AccountEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.type(), e);
        }
    }

    /** Reads the data of a CloudEvent of the given {@code ce_type}. */
    public static AccountEvent fromJson(String ceType, String json) {
        if (ceType == null) {
            throw new MalformedEvent("no CloudEvents type (ce_type header missing)");
        }
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new MalformedEvent("unknown event type '" + ceType + "'"));
        if (json == null || json.isBlank()) {
            throw new MalformedEvent(ceType + ": empty data");
        }
        try {
            return MAPPER.readValue(json, type.recordClass());
        } catch (IOException e) {
            Throwable reason = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new MalformedEvent(ceType + ": " + firstLine(reason.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
