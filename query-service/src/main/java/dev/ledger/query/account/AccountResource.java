package dev.ledger.query.account;

import static dev.ledger.query.problem.ProblemExamples.ONE_ACCOUNT;
import static dev.ledger.query.problem.ProblemExamples.QUERY;
import static dev.ledger.support.problem.ProblemDocumentation.PROBLEM_TYPES;

import dev.ledger.support.security.Caller;
import dev.ledger.support.security.LedgerRoles;
import dev.ledger.support.text.PlainText;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Accounts and their history, as the read model knows them")
@RolesAllowed({LedgerRoles.READER, LedgerRoles.ADMIN})
public class AccountResource {

    /** How the API documentation describes the Cache-Control of a read (ReadCaching sets it). */
    private static final String REUSABLE =
            "private, max-age=1: the caller may reuse it for a second, no shared cache may; then ask with If-None-Match";

    private final AccountQueryService accounts;

    public AccountResource(AccountQueryService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "An account as the read model knows it",
            description = "With X-Min-Version, at least that version; Prefer: wait=n waits n seconds at most")
    @APIResponse(
            responseCode = "200",
            description = "The account",
            headers = {
                @Header(name = HttpHeaders.ETAG, description = "The account's version, e.g. \"3\""),
                @Header(name = HttpHeaders.CACHE_CONTROL, description = REUSABLE)
            },
            content = @Content(schema = @Schema(implementation = AccountSummary.class)))
    @ConditionalRead
    @Extension(name = PROBLEM_TYPES, value = ONE_ACCOUNT)
    public Uni<Response> get(
            @BeanParam ReadOfAccount read, @Context Request request, @Context SecurityContext security) {
        return accounts.account(Caller.of(security), read.accountId(), read.minVersion(), read.preferredWait())
                .map(account -> conditional(request, new EntityTag(String.valueOf(account.version())), account));
    }

    @GET
    @Path("/{id}/transactions")
    @Operation(
            summary = "An account's money movements, newest first",
            description = "Keyset pages: limit 1 to 200 (50 if absent); after= takes the previous page's next")
    @APIResponse(
            responseCode = "200",
            description = "One page of movements",
            headers = {
                @Header(name = HttpHeaders.ETAG, description = "Changes whenever the page would"),
                @Header(name = HttpHeaders.CACHE_CONTROL, description = REUSABLE)
            },
            content = @Content(schema = @Schema(implementation = TransactionPage.class)))
    @ConditionalRead
    @Extension(name = PROBLEM_TYPES, value = ONE_ACCOUNT)
    public Uni<Response> transactions(
            @BeanParam ReadOfAccount read,
            @QueryParam("limit") @DefaultValue("50") @PageSize String limit,
            @QueryParam("after") String after,
            @Context Request request,
            @Context SecurityContext security) {
        int pageSize = Integer.parseInt(limit);
        return accounts.transactions(
                        Caller.of(security), read.accountId(), pageSize, after, read.minVersion(), read.preferredWait())
                .map(page -> conditional(request, pageTag(page, pageSize, after), page));
    }

    @GET
    @Operation(summary = "The accounts of one owner", description = "A reader asks for its own; an admin for anyone's")
    @APIResponse(responseCode = "200", description = "Every account the owner holds, or none")
    @Extension(name = PROBLEM_TYPES, value = "validation, " + QUERY)
    public Uni<List<AccountSummary>> byOwner(
            @QueryParam("owner") @NotBlank(message = "is required, e.g. /accounts?owner=alice") @PlainText String owner,
            @Context SecurityContext security) {
        return accounts.byOwner(Caller.of(security), owner.strip());
    }

    /** 304 when the client already holds this version, else 200. */
    private static Response conditional(Request request, EntityTag tag, Object body) {
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder response = notModified != null ? notModified : Response.ok(body);
        return response.tag(tag).build();
    }

    private static EntityTag pageTag(TransactionPage page, int limit, String after) {
        long newest = page.items().isEmpty() ? 0 : page.items().get(0).version();
        return new EntityTag(newest + "-" + page.items().size() + "-" + limit + "-" + (after == null ? "" : after));
    }
}
