package dev.ledger.query.health;

import static io.restassured.RestAssured.given;

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
        return given().get("/accounts/{id}", UUID.randomUUID());
    }
}
