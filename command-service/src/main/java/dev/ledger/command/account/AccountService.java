package dev.ledger.command.account;

import dev.ledger.command.outbox.OutboxWriter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The account commands. Each one runs inside the caller's transaction (see IdempotentCommands):
 * lock the account, apply the rule, append the event to the outbox.
 */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final OutboxWriter outbox;

    public AccountService(AccountRepository accounts, OutboxWriter outbox) {
        this.accounts = accounts;
        this.outbox = outbox;
    }

    public Uni<Account> open(OpenAccount command) {
        Account account = Account.open(command.owner().strip(), command.currency(), now());
        return accounts.persist(account).call(opened -> outbox.append(opened.opened()));
    }

    public Uni<Account> deposit(UUID id, Deposit command, OptionalLong expectedVersion) {
        return accounts.lockForUpdate(id).call(account -> {
            account.expectVersion(expectedVersion);
            return outbox.append(account.deposit(command.amount(), command.reference(), now()));
        });
    }

    public Uni<Account> withdraw(UUID id, Withdraw command, OptionalLong expectedVersion) {
        return accounts.lockForUpdate(id).call(account -> {
            account.expectVersion(expectedVersion);
            return outbox.append(account.withdraw(command.amount(), command.reference(), now()));
        });
    }

    public Uni<Account> close(UUID id, OptionalLong expectedVersion) {
        return accounts.lockForUpdate(id).call(account -> {
            account.expectVersion(expectedVersion);
            return outbox.append(account.close(now()));
        });
    }

    @WithSession
    public Uni<Account> find(UUID id) {
        return accounts.get(id);
    }

    /** PostgreSQL keeps microseconds; events carry the same instant the row does. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
