package dev.ledger.command.account;

import static dev.ledger.command.problem.ProblemExamples.COMMAND;
import static dev.ledger.command.problem.ProblemExamples.JSON_COMMAND;
import static dev.ledger.command.problem.ProblemExamples.READ;
import static dev.ledger.support.problem.ProblemDocumentation.PROBLEM_TYPES;

import dev.ledger.command.idempotency.CommandResult;
import dev.ledger.command.idempotency.IdempotentCommands;
import dev.ledger.command.idempotency.StoredResponse;
import dev.ledger.command.problem.LedgerException.AccountNotFound;
import dev.ledger.support.security.Caller;
import dev.ledger.support.security.LedgerRoles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.function.Function;
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
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AccountView.class)))
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
                                        AccountView.of(account), "/accounts/" + account.id(), account.version())))
                .map(StoredResponse::toResponse);
    }

    @POST
    @Path("/{id}/deposits")
    @Operation(summary = "Deposit money")
    @ReturnsAccount
    @Extension(name = PROBLEM_TYPES, value = JSON_COMMAND + ", account-not-found, account-closed, precondition-failed")
    public Uni<Response> deposit(
            @PathParam("id") String id,
            @Valid @NotNull Deposit body,
            @HeaderParam(IdempotentCommands.HEADER) String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return onAccount(
                id,
                "deposits",
                body,
                key,
                ifMatch,
                caller,
                command -> accounts.deposit(caller, command.accountId(), body, command.expectedVersion()));
    }

    @POST
    @Path("/{id}/withdrawals")
    @Operation(summary = "Withdraw money", description = "Never below zero")
    @ReturnsAccount
    @Extension(
            name = PROBLEM_TYPES,
            value = JSON_COMMAND + ", account-not-found, insufficient-funds, account-closed, precondition-failed")
    public Uni<Response> withdraw(
            @PathParam("id") String id,
            @Valid @NotNull Withdraw body,
            @HeaderParam(IdempotentCommands.HEADER) String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return onAccount(
                id,
                "withdrawals",
                body,
                key,
                ifMatch,
                caller,
                command -> accounts.withdraw(caller, command.accountId(), body, command.expectedVersion()));
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
    public Uni<Response> close(
            @PathParam("id") String id,
            @HeaderParam(IdempotentCommands.HEADER) String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return onAccount(
                id,
                "closure",
                null,
                key,
                ifMatch,
                caller,
                command -> accounts.close(caller, command.accountId(), command.expectedVersion()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An account as the write model holds it")
    @ReturnsAccount
    @Extension(name = PROBLEM_TYPES, value = "account-not-found, " + READ)
    public Uni<Response> get(@PathParam("id") String id, @Context SecurityContext security) {
        return accounts.find(Caller.of(security), parse(id))
                .map(account -> Response.ok(AccountView.of(account))
                        .tag(String.valueOf(account.version()))
                        .build());
    }

    /** The account a command names, and the version its If-Match expects. */
    private record OnAccount(UUID accountId, OptionalLong expectedVersion) {}

    /** Runs a command on one account: idempotent, checked against If-Match, answered with the account. */
    private Uni<Response> onAccount(
            String id,
            String action,
            Object body,
            String key,
            String ifMatch,
            Caller caller,
            Function<OnAccount, Uni<Account>> command) {
        OnAccount target = new OnAccount(parse(id), IfMatch.expectedVersion(ifMatch));
        return commands.run(
                        key,
                        caller,
                        "POST /accounts/" + target.accountId() + "/" + action,
                        body,
                        () -> command.apply(target)
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
