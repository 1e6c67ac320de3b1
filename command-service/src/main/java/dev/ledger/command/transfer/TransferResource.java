package dev.ledger.command.transfer;

import dev.ledger.command.account.IfMatch;
import dev.ledger.command.idempotency.CommandResult;
import dev.ledger.command.idempotency.IdempotentCommands;
import dev.ledger.command.idempotency.StoredResponse;
import dev.ledger.command.problem.LedgerException.TransferNotFound;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "transfers", description = "Move money between two accounts of one currency")
public class TransferResource {

    private final TransferService transfers;
    private final IdempotentCommands commands;

    public TransferResource(TransferService transfers, IdempotentCommands commands) {
        this.transfers = transfers;
        this.commands = commands;
    }

    @GET
    @Path("/{id}")
    public Uni<TransferRecord> get(@PathParam("id") String id) {
        return transfers.find(parse(id)).map(TransferRecord::of);
    }

    @POST
    public Uni<Response> transfer(@Valid @NotNull RequestTransfer body,
                                  @HeaderParam(IdempotentCommands.HEADER) String key,
                                  @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        OptionalLong expectedVersion = IfMatch.expectedVersion(ifMatch);
        return commands.run(key, "POST /transfers", body, () -> transfers.transfer(body, expectedVersion)
                        .map(view -> CommandResult.created(view, "/transfers/" + view.transferId(), null)))
                .map(StoredResponse::toResponse);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new TransferNotFound(id);
        }
    }
}
