package dev.ledger.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one transfer; both of its events (sent and received) carry it. */
public record TransferId(UUID value) {

    public TransferId {
        Objects.requireNonNull(value, "transfer id");
    }

    public static TransferId random() {
        return new TransferId(UUID.randomUUID());
    }

    @JsonCreator
    public static TransferId parse(String text) {
        return new TransferId(UUID.fromString(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
