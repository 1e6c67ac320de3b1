package dev.ledger.command.outbox;

import dev.ledger.contracts.AccountEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/** Appends events to the outbox inside the caller's transaction: they commit with the change or not at all. */
@ApplicationScoped
public class OutboxWriter {

    public Uni<Void> append(AccountEvent... events) {
        Object[] rows = Arrays.stream(events).map(OutboxEvent::of).toArray();
        return Panache.getSession().flatMap(session -> session.persistAll(rows));
    }
}
