package dev.ledger.command.transfer;

import dev.ledger.contracts.TransferId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The record of one completed transfer; its two events are in the outbox.
 *
 * <p>Columns name their table types where a String would map to another (text, char(3)): the
 * tests check this mapping against the migrations, and dev mode after every start.
 */
@Entity
@Table(name = "transfer")
public class Transfer {

    @Id
    private UUID id;

    private UUID fromAccount;
    private UUID toAccount;
    private long amount;
    // char(3) in the table (an ISO 4217 code), not the varchar a String maps to by default
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    @Column(columnDefinition = "text")
    private String reference;

    private Instant createdAt;

    protected Transfer() {}

    Transfer(TransferId id, UUID from, UUID to, long amount, String currency, String reference, Instant at) {
        this.id = id.value();
        this.fromAccount = from;
        this.toAccount = to;
        this.amount = amount;
        this.currency = currency;
        this.reference = reference;
        this.createdAt = at;
    }

    /** The transfer as {@code GET /transfers/{id}} returns it. */
    TransferRecord toRecord() {
        return new TransferRecord(id, fromAccount, toAccount, amount, currency, reference, createdAt);
    }
}
