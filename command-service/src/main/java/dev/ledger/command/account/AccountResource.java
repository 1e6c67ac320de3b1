package dev.ledger.command.account;

import static dev.ledger.command.problem.ProblemExamples.COMMAND;
import static dev.ledger.command.problem.ProblemExamples.JSON_COMMAND;
import static dev.ledger.command.problem.ProblemExamples.READ;
import static dev.ledger.support.problem.ProblemDocumentation.PROBLEM_TYPES;

import dev.ledger.command.idempotency.CommandResult;
import dev.ledger.command.idempotency.IdempotentCommands;
import dev.ledger.support.problem.PathIds;
import dev.ledger.support.security.Caller;
import dev.ledger.support.security.LedgerRoles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Open accounts, move money in and out, close them")
@RolesAllowed({LedgerRoles.WRITER, LedgerRoles.ADMIN})
public class AccountResource {

    /** How the API documentation describes the ETag of an account answer. */
    static final String VERSION_TAG = "The account's version in quotes, e.g. \"3\"; If-Match takes it back";

    private final AccountService accounts;
    private final IdempotentCommands commands;

    public AccountResource(AccountService accounts, IdempotentCommands commands) {
        this.accounts = accounts;
        this.commands = commands;
    }

    @POST
    @Operation(
            summary = "Open an account",
            description = "Balance 0, version 1, in one currency for good; a writer opens its own only")
    @APIResponse(
            responseCode = "201",
            description = "The account, opened",
            headers = {
                @Header(name = HttpHeaders.LOCATION, description = "The account's path"),
                @Header(name = HttpHeaders.ETAG, description = VERSION_TAG)
            },
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @Extension(name = PROBLEM_TYPES, value = JSON_COMMAND)
    public Uni<Response> open(
            @Valid @NotNull OpenAccount body,
            @HeaderParam(IdempotentCommands.HEADER) String key,
            @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return commands.run(
                key,
                caller,
                "POST /accounts",
                body,
                () -> accounts.open(caller, body)
                        .map(account -> CommandResult.created(
                                account.toView(), "/accounts/" + account.id(), account.version())));
    }

    @POST
    @Path("/{id}/deposits")
    @Operation(summary = "Deposit money")
    @ReturnsAccount
    @Extension(name = PROBLEM_TYPES, value = JSON_COMMAND + ", account-not-found, account-closed, precondition-failed")
    public Uni<Response> deposit(
            @BeanParam CommandOnAccount target, @Valid @NotNull Deposit body, @Context SecurityContext security) {
        return onAccount(target, "deposits", body, security, accounts::deposit);
    }

    @POST
    @Path("/{id}/withdrawals")
    @Operation(summary = "Withdraw money", description = "Never below zero")
    @ReturnsAccount
    @Extension(
            name = PROBLEM_TYPES,
            value = JSON_COMMAND + ", account-not-found, insufficient-funds, account-closed, precondition-failed")
    public Uni<Response> withdraw(
            @BeanParam CommandOnAccount target, @Valid @NotNull Withdraw body, @Context SecurityContext security) {
        return onAccount(target, "withdrawals", body, security, accounts::withdraw);
    }

    @POST
    @Path("/{id}/closure")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Close an account",
            description = "Only at balance 0; a closed account accepts nothing. Admins only")
    @RolesAllowed(LedgerRoles.ADMIN)
    @ReturnsAccount
    @Extension(
            name = PROBLEM_TYPES,
            value = COMMAND + ", account-not-found, account-closed, account-not-empty, precondition-failed")
    public Uni<Response> close(@BeanParam CommandOnAccount target, @Context SecurityContext security) {
        return onAccount(
                target,
                "closure",
                null,
                security,
                (caller, id, noBody, version) -> accounts.close(caller, id, version));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An account as the write model holds it")
    @ReturnsAccount
    @Extension(name = PROBLEM_TYPES, value = "account-not-found, " + READ)
    public Uni<Response> get(@PathParam("id") String id, @Context SecurityContext security) {
        return accounts.find(Caller.of(security), PathIds.uuid(id, AccountRepository::notFound))
                .map(account -> Response.ok(account.toView())
                        .tag(String.valueOf(account.version()))
                        .build());
    }

    /** What a command does to the account it names: an AccountService method, called as the caller asks. */
    @FunctionalInterface
    private interface AccountChange<B> {
        Uni<Account> apply(Caller caller, UUID accountId, B body, OptionalLong expectedVersion);
    }

    /** Runs a command on one account: idempotent, checked against If-Match, answered with the account. */
    private <B> Uni<Response> onAccount(
            CommandOnAccount target, String action, B body, SecurityContext security, AccountChange<B> change) {
        Caller caller = Caller.of(security);
        UUID accountId = PathIds.uuid(target.id(), AccountRepository::notFound);
        OptionalLong expectedVersion = IfMatch.expectedVersion(target.ifMatch());
        return commands.run(
                target.key(),
                caller,
                "POST /accounts/" + accountId + "/" + action,
                body,
                () -> change.apply(caller, accountId, body, expectedVersion)
                        .map(account -> CommandResult.ok(account.toView(), account.version())));
    }
}
