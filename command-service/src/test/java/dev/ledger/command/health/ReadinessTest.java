package dev.ledger.command.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.SharedStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class ReadinessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void shouldTurnUnreadyWhileItsDatabaseIsDownAndReadyWhenItReturns() {
        given().get("/q/health/ready").then().statusCode(200);
        SharedStack.get().postgres().stop();
        try {
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedStack.get().postgres().start();
        }
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void shouldStayReadyWhileKafkaIsDownAndReportKafkaOnItsOwn() {
        SharedStack.get().kafka().stop();
        try {
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health").then().statusCode(503)
                    .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN")));
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedStack.get().kafka().start();
        }
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP")));
    }
}
