package dev.ledger.command.account;

import dev.ledger.command.idempotency.CommandResult;
import dev.ledger.command.idempotency.IdempotentCommands;
import dev.ledger.command.idempotency.StoredResponse;
import dev.ledger.command.problem.LedgerException.AccountNotFound;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Open accounts, move money in and out, close them")
public class AccountResource {

    private final AccountService accounts;
    private final IdempotentCommands commands;

    public AccountResource(AccountService accounts, IdempotentCommands commands) {
        this.accounts = accounts;
        this.commands = commands;
    }

    @POST
    public Uni<Response> open(@Valid @NotNull OpenAccount body, @HeaderParam(IdempotentCommands.HEADER) String key) {
        return commands.run(key, "POST /accounts", body, () -> accounts.open(body)
                        .map(account -> CommandResult.created(AccountView.of(account), "/accounts/" + account.id(),
                                account.version())))
                .map(StoredResponse::toResponse);
    }

    @POST
    @Path("/{id}/deposits")
    public Uni<Response> deposit(@PathParam("id") String id, @Valid @NotNull Deposit body,
                                 @HeaderParam(IdempotentCommands.HEADER) String key,
                                 @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return onAccount(id, "deposits", body, key, ifMatch,
                (account, expectedVersion) -> accounts.deposit(account, body, expectedVersion));
    }

    @POST
    @Path("/{id}/withdrawals")
    public Uni<Response> withdraw(@PathParam("id") String id, @Valid @NotNull Withdraw body,
                                  @HeaderParam(IdempotentCommands.HEADER) String key,
                                  @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return onAccount(id, "withdrawals", body, key, ifMatch,
                (account, expectedVersion) -> accounts.withdraw(account, body, expectedVersion));
    }

    @POST
    @Path("/{id}/closure")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> close(@PathParam("id") String id, @HeaderParam(IdempotentCommands.HEADER) String key,
                               @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return onAccount(id, "closure", null, key, ifMatch, accounts::close);
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        return accounts.find(parse(id)).map(account -> Response.ok(AccountView.of(account))
                .tag(String.valueOf(account.version())).build());
    }

    /** Runs a command on one account: idempotent, checked against If-Match, answered with the account. */
    private Uni<Response> onAccount(String id, String action, Object body, String key, String ifMatch,
                                    BiFunction<UUID, OptionalLong, Uni<Account>> command) {
        UUID accountId = parse(id);
        OptionalLong expectedVersion = IfMatch.expectedVersion(ifMatch);
        return commands.run(key, "POST /accounts/" + accountId + "/" + action, body,
                        () -> command.apply(accountId, expectedVersion)
                                .map(account -> CommandResult.ok(AccountView.of(account), account.version())))
                .map(StoredResponse::toResponse);
    }

    /** A path segment that is not a UUID names no account. */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new AccountNotFound(id);
        }
    }
}
