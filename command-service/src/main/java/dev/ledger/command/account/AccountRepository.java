package dev.ledger.command.account;

import dev.ledger.command.problem.LedgerException.AccountNotFound;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /**
     * Reads the account with {@code SELECT ... FOR UPDATE}: concurrent commands on one account
     * queue here until the holder commits, so no update is lost and no balance goes negative.
     */
    public Uni<Account> lockForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem()
                .ifNull()
                .failWith(() -> new AccountNotFound(id.toString()));
    }

    public Uni<Account> get(UUID id) {
        return findById(id).onItem().ifNull().failWith(() -> new AccountNotFound(id.toString()));
    }
}
