package dev.ledger.query.account;

import dev.ledger.query.config.QueryConfig;
import dev.ledger.query.problem.QueryException.NotYetVisible;
import dev.ledger.support.problem.AccountNotFound;
import dev.ledger.support.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Answers account queries, honouring read-your-writes: with a minimum version, the read model is
 * re-read on a timer (no thread waits) until it is that new or the configured wait runs out. A
 * reader sees the accounts its token's subject owns; an admin sees all (403 otherwise).
 */
@ApplicationScoped
public class AccountQueryService {

    private final AccountReadRepository accounts;
    private final QueryConfig config;
    private final ReadYourWritesMetrics readYourWrites;

    public AccountQueryService(
            AccountReadRepository accounts, QueryConfig config, ReadYourWritesMetrics readYourWrites) {
        this.accounts = accounts;
        this.config = config;
        this.readYourWrites = readYourWrites;
    }

    /**
     * The answer for an id the read model holds no account under, a path segment that is no UUID
     * included. The account may exist and its opening not be projected yet: X-Min-Version waits for it.
     */
    static AccountNotFound notFound(String accountId) {
        return new AccountNotFound(accountId, "the read model");
    }

    /**
     * @param minVersion the version the answer must have reached, if any
     * @param wait       how long the client is willing to wait (Prefer: wait); capped by the configured maximum
     */
    public Uni<AccountSummary> account(Caller caller, UUID id, OptionalLong minVersion, Optional<Duration> wait) {
        return visible(id, minVersion, wait).invoke(account -> caller.mayActFor(account.owner()));
    }

    private Uni<AccountSummary> visible(UUID id, OptionalLong minVersion, Optional<Duration> wait) {
        if (minVersion.isEmpty()) {
            return accounts.find(id).onItem().ifNull().failWith(() -> notFound(id.toString()));
        }
        Duration limit = config.readYourWrites().maxWait();
        Duration patience = wait.filter(w -> w.compareTo(limit) < 0).orElse(limit);
        return awaitVersion(id, minVersion.getAsLong(), System.nanoTime() + patience.toNanos())
                .invoke(readYourWrites::visible)
                .onFailure(NotYetVisible.class)
                .invoke(readYourWrites::notYetVisible);
    }

    /** One page of history, newest first; {@code limit + 1} rows are read to know whether more follow. */
    public Uni<TransactionPage> transactions(
            Caller caller, UUID id, int limit, String after, OptionalLong minVersion, Optional<Duration> wait) {
        long below = Cursor.parse(after);
        return account(caller, id, minVersion, wait)
                .flatMap(account -> accounts.transactions(id, below, limit + 1))
                .map(lines -> {
                    if (lines.size() <= limit) {
                        return new TransactionPage(lines, null);
                    }
                    List<TransactionLine> page = lines.subList(0, limit);
                    return new TransactionPage(
                            List.copyOf(page), Cursor.after(page.get(limit - 1).version()));
                });
    }

    public Uni<List<AccountSummary>> byOwner(Caller caller, String owner) {
        caller.mayActFor(owner);
        return accounts.findByOwner(owner);
    }

    private Uni<AccountSummary> awaitVersion(UUID id, long minVersion, long deadline) {
        return accounts.find(id).flatMap(account -> {
            if (account != null && account.version() >= minVersion) {
                return Uni.createFrom().item(account);
            }
            if (System.nanoTime() >= deadline) {
                return Uni.createFrom()
                        .failure(new NotYetVisible(id.toString(), minVersion, account == null ? 0 : account.version()));
            }
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(config.readYourWrites().pollEvery())
                    .flatMap(tick -> awaitVersion(id, minVersion, deadline));
        });
    }
}
