package dev.ledger.query.health;

import static dev.ledger.devstack.Callers.asAdmin;

import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.ReadinessContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ReadinessTest extends ReadinessContract {

    @Override
    protected Response askTheDatabase() {
        return asAdmin().get("/accounts/{id}", UUID.randomUUID());
    }
}
