package dev.ledger.command.account;

import dev.ledger.support.problem.AccountNotFound;
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
        return findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull().failWith(() -> notFound(id.toString()));
    }

    public Uni<Account> get(UUID id) {
        return findById(id).onItem().ifNull().failWith(() -> notFound(id.toString()));
    }

    /** The answer for an id the ledger holds no account under, a path segment that is no UUID included. */
    public static AccountNotFound notFound(String accountId) {
        return new AccountNotFound(accountId, "the ledger");
    }
}
