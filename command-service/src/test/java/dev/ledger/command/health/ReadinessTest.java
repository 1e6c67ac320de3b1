package dev.ledger.command.health;

import static dev.ledger.devstack.Callers.asAdmin;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.ReadinessContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class ReadinessTest extends ReadinessContract {

    @Override
    protected Response askTheDatabase() {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"owner\":\"readiness\",\"currency\":\"EUR\"}")
                .post("/accounts");
    }
}
