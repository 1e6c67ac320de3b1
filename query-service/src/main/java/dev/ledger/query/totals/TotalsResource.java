package dev.ledger.query.totals;

import static dev.ledger.query.problem.ProblemExamples.QUERY;
import static dev.ledger.support.problem.ProblemDocumentation.PROBLEM_TYPES;

import dev.ledger.support.security.LedgerRoles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/ledger/totals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ledger", description = "Totals per currency")
@RolesAllowed(LedgerRoles.ADMIN)
public class TotalsResource {

    private final Pool pool;

    public TotalsResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "The ledger's position in each currency", description = "Kept up event by event. Admins only")
    @APIResponse(responseCode = "200", description = "One entry per currency, by currency code")
    @Extension(name = PROBLEM_TYPES, value = QUERY)
    public Uni<List<CurrencyTotal>> totals() {
        return pool.query("SELECT * FROM currency_total ORDER BY currency")
                .execute()
                .map(rows -> {
                    List<CurrencyTotal> totals = new ArrayList<>();
                    rows.forEach(row -> totals.add(new CurrencyTotal(
                            row.getString("currency"),
                            row.getLong("total_balance"),
                            row.getLong("open_accounts"),
                            row.getOffsetDateTime("last_event_at").toInstant())));
                    return totals;
                });
    }
}
