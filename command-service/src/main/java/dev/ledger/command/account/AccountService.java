package dev.ledger.command.account;

import dev.ledger.command.outbox.OutboxWriter;
import dev.ledger.support.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The account commands. Each one runs inside the caller's transaction (see IdempotentCommands):
 * lock the account, check that the caller may act for its owner, apply the rule, append the event
 * to the outbox. A refused caller (403) rolls the transaction back, its Idempotency-Key with it.
 */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final OutboxWriter outbox;

    public AccountService(AccountRepository accounts, OutboxWriter outbox) {
        this.accounts = accounts;
        this.outbox = outbox;
    }

    public Uni<Account> open(Caller caller, OpenAccount command) {
        caller.mayActFor(command.owner().strip());
        Account account = Account.open(command.owner().strip(), command.currency(), now());
        return accounts.persist(account).call(opened -> outbox.append(opened.opened()));
    }

    public Uni<Account> deposit(Caller caller, UUID id, Deposit command, OptionalLong expectedVersion) {
        return lockOwned(caller, id).call(account -> {
            account.expectVersion(expectedVersion);
            return outbox.append(account.deposit(command.amount(), command.reference(), now()));
        });
    }

    public Uni<Account> withdraw(Caller caller, UUID id, Withdraw command, OptionalLong expectedVersion) {
        return lockOwned(caller, id).call(account -> {
            account.expectVersion(expectedVersion);
            return outbox.append(account.withdraw(command.amount(), command.reference(), now()));
        });
    }

    public Uni<Account> close(Caller caller, UUID id, OptionalLong expectedVersion) {
        return lockOwned(caller, id).call(account -> {
            account.expectVersion(expectedVersion);
            return outbox.append(account.close(now()));
        });
    }

    @WithSession
    public Uni<Account> find(Caller caller, UUID id) {
        return accounts.get(id).invoke(account -> caller.mayActFor(account.owner()));
    }

    private Uni<Account> lockOwned(Caller caller, UUID id) {
        return accounts.lockForUpdate(id).invoke(account -> caller.mayActFor(account.owner()));
    }

    /** PostgreSQL keeps microseconds; events carry the same instant the row does. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
