package dev.ledger.command.transfer;

import dev.ledger.contracts.TransferId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The record of one completed transfer; its two events are in the outbox. */
@Entity
@Table(name = "transfer")
public class Transfer {

    @Id
    private UUID id;

    private UUID fromAccount;
    private UUID toAccount;
    private long amount;
    private String currency;
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
