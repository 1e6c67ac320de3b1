package dev.ledger.command.outbox;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One event waiting in the outbox, written in the transaction of the change it describes, with the
 * trace context of the command that caused it.
 *
 * <p>Hibernate knows a row by its event id, which the application assigns, so that it can send a
 * command's rows in one batch. The {@code id} column, by which the relay publishes in order, is left
 * to the database: an identity drawn while the command holds its account's row lock, so an
 * account's events are numbered in the order of their versions whichever replica wrote them.
 * Mapped as Hibernate's id, an identity would cost a round trip per row to read it back.
 *
 * <p>Columns name their table types where a String would map to another (text, char(3)): the
 * tests check this mapping against the migrations, and dev mode after every start.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    static final String ACCOUNT = "account";

    @Id
    private UUID eventId;

    @Column(columnDefinition = "text")
    private String aggregateType;

    private UUID aggregateId;
    private long aggregateVersion;

    @Column(columnDefinition = "text")
    private String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    private String payload;

    private Instant occurredAt;
    private Instant publishedAt;

    @Column(columnDefinition = "text")
    private String traceParent;

    @Column(columnDefinition = "text")
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
