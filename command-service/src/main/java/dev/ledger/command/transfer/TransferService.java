package dev.ledger.command.transfer;

import dev.ledger.command.account.Account;
import dev.ledger.command.account.AccountRepository;
import dev.ledger.command.outbox.OutboxWriter;
import dev.ledger.command.problem.LedgerException.InvalidCommand;
import dev.ledger.command.problem.LedgerException.TransferNotFound;
import dev.ledger.contracts.TransferId;
import dev.ledger.contracts.TransferReceived;
import dev.ledger.contracts.TransferSent;
import dev.ledger.support.problem.FieldError;
import dev.ledger.support.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/** Moves money between two accounts of one currency, both changed in the caller's transaction. */
@ApplicationScoped
public class TransferService {

    private final AccountRepository accounts;
    private final TransferRepository transfers;
    private final OutboxWriter outbox;
    private final TransferMetrics metrics;

    public TransferService(
            AccountRepository accounts, TransferRepository transfers, OutboxWriter outbox, TransferMetrics metrics) {
        this.accounts = accounts;
        this.transfers = transfers;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * The caller must own the sending account (or be an admin); {@code expectedVersion}, when given,
     * is checked against it.
     */
    public Uni<TransferView> transfer(Caller caller, RequestTransfer command, OptionalLong expectedVersion) {
        if (command.from().equals(command.to())) {
            return Uni.createFrom()
                    .failure(new InvalidCommand(List.of(new FieldError("to", "must differ from 'from'"))));
        }
        return lockBoth(command.from(), command.to()).flatMap(pair -> {
            Account from = pair.get(0);
            Account to = pair.get(1);
            caller.mayActFor(from.owner());
            from.expectVersion(expectedVersion);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            TransferId id = TransferId.random();
            TransferSent sent = from.sendTo(to, id, command.amount(), command.reference(), now);
            TransferReceived received = to.receiveFrom(from, id, command.amount(), command.reference(), now);
            Transfer transfer =
                    new Transfer(id, from.id(), to.id(), command.amount(), from.currency(), command.reference(), now);
            return transfers
                    .persist(transfer)
                    .call(() -> outbox.append(sent, received))
                    .invoke(metrics::made)
                    .map(saved -> new TransferView(id.value(), TransferView.Side.of(from), TransferView.Side.of(to)));
        });
    }

    /** A transfer, for an admin or the owner of its sending account. */
    @WithSession
    public Uni<Transfer> find(Caller caller, UUID id) {
        return transfers
                .findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> new TransferNotFound(id.toString()))
                .call(transfer -> caller.admin()
                        ? Uni.createFrom().voidItem()
                        : accounts.get(transfer.toRecord().from()).invoke(from -> caller.mayActFor(from.owner())));
    }

    /**
     * Locks both accounts, always the smaller id first: two opposite transfers between the same
     * pair then queue instead of deadlocking. Returns them as [from, to].
     */
    private Uni<List<Account>> lockBoth(UUID from, UUID to) {
        boolean fromFirst = from.compareTo(to) < 0;
        UUID first = fromFirst ? from : to;
        UUID second = fromFirst ? to : from;
        return accounts.lockForUpdate(first)
                .flatMap(a -> accounts.lockForUpdate(second).map(b -> fromFirst ? List.of(a, b) : List.of(b, a)));
    }
}
