package dev.ledger.command.openapi;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.OpenApiContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;

/** The command API's statuses, as docs/command-api.md gives them; a status gained or lost fails here. */
@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class OpenApiTest extends OpenApiContract {

    @Override
    protected Map<String, Set<String>> documentedStatuses() {
        return Map.of(
                "POST /accounts",
                Set.of("201", "401", "403", "400", "413", "415", "422", "500", "503"),
                "POST /accounts/{id}/deposits",
                Set.of("200", "401", "403", "400", "404", "409", "412", "413", "415", "422", "500", "503"),
                "POST /accounts/{id}/withdrawals",
                Set.of("200", "401", "403", "400", "404", "409", "412", "413", "415", "422", "500", "503"),
                "POST /accounts/{id}/closure",
                Set.of("200", "401", "403", "400", "404", "409", "412", "422", "500", "503"),
                "GET /accounts/{id}",
                Set.of("200", "401", "403", "404", "500", "503"),
                "POST /transfers",
                Set.of("201", "401", "403", "400", "404", "409", "412", "413", "415", "422", "500", "503"),
                "GET /transfers/{id}",
                Set.of("200", "401", "403", "404", "500", "503"));
    }
}
