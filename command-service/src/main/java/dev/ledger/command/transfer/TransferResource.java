package dev.ledger.command.transfer;

import static dev.ledger.command.problem.ProblemExamples.JSON_COMMAND;
import static dev.ledger.command.problem.ProblemExamples.READ;
import static dev.ledger.support.problem.ProblemDocumentation.PROBLEM_TYPES;

import dev.ledger.command.account.IfMatch;
import dev.ledger.command.idempotency.CommandResult;
import dev.ledger.command.idempotency.IdempotentCommands;
import dev.ledger.command.problem.LedgerException.TransferNotFound;
import dev.ledger.support.problem.PathIds;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "transfers", description = "Move money between two accounts of one currency")
@RolesAllowed({LedgerRoles.WRITER, LedgerRoles.ADMIN})
public class TransferResource {

    private final TransferService transfers;
    private final IdempotentCommands commands;

    public TransferResource(TransferService transfers, IdempotentCommands commands) {
        this.transfers = transfers;
        this.commands = commands;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A completed transfer")
    @APIResponse(responseCode = "200", description = "The transfer")
    @Extension(name = PROBLEM_TYPES, value = "transfer-not-found, " + READ)
    public Uni<TransferRecord> get(@PathParam("id") String id, @Context SecurityContext security) {
        return transfers
                .find(Caller.of(security), PathIds.uuid(id, TransferNotFound::new))
                .map(Transfer::toRecord);
    }

    @POST
    @Operation(
            summary = "Move money between two accounts",
            description = "Both change in one transaction: one"
                    + " currency, both open, no overdraft. If-Match is checked against the sending account.")
    @APIResponse(
            responseCode = "201",
            description = "Both accounts as the transfer left them",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The transfer's path"),
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @Extension(
            name = PROBLEM_TYPES,
            value = JSON_COMMAND
                    + ", account-not-found, insufficient-funds, currency-mismatch, account-closed, precondition-failed")
    public Uni<Response> transfer(
            @Valid @NotNull RequestTransfer body,
            @HeaderParam(IdempotentCommands.HEADER) String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context SecurityContext security) {
        OptionalLong expectedVersion = IfMatch.expectedVersion(ifMatch);
        Caller caller = Caller.of(security);
        return commands.run(
                key,
                caller,
                "POST /transfers",
                body,
                () -> transfers
                        .transfer(caller, body, expectedVersion)
                        .map(view -> CommandResult.created(view, "/transfers/" + view.transferId(), null)));
    }
}
