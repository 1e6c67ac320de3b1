package dev.ledger.command.outbox;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One event waiting in the outbox, written in the transaction of the change it describes, with the
 * trace context of the command that caused it.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    static final String ACCOUNT = "account";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private UUID eventId;
    private String aggregateType;
    private UUID aggregateId;
    private long aggregateVersion;
    private String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    private String payload;

    private Instant occurredAt;
    private Instant publishedAt;
    private String traceParent;
    private String traceState;

    protected OutboxEvent() {}

    static OutboxEvent of(AccountEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.aggregateType = ACCOUNT;
        row.aggregateId = event.accountId().value();
        row.aggregateVersion = event.version();
        row.eventType = event.type().ceType();
        row.payload = AccountEventCodec.toJson(event);
        row.occurredAt = event.occurredAt();
        OutboxTracing.TraceHeaders trace = OutboxTracing.current();
        row.traceParent = trace.traceParent();
        row.traceState = trace.traceState();
        return row;
    }
}
