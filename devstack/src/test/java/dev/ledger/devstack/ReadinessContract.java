package dev.ledger.devstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The health contract both services keep, run against the application under test by a subclass
 * annotated with {@code @QuarkusTest}: readiness follows the service's own database; Kafka is
 * reported as a check of its own and never makes the service unready.
 */
public abstract class ReadinessContract {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void shouldTurnUnreadyWhileItsDatabaseIsDownAndReadyWhenItReturns() {
        given().get("/q/health/ready").then().statusCode(200);
        SharedStack.get().postgres().stop();
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> given().get("/q/health/ready")
                            .then()
                            .statusCode(503)
                            .body("status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedStack.get().postgres().start();
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void shouldStayReadyWhileKafkaIsDownAndReportKafkaOnItsOwn() {
        SharedStack.get().kafka().stop();
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> given().get("/q/health")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN")));
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedStack.get().kafka().start();
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> given().get("/q/health/well")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'kafka' }.status", equalTo("UP")));
    }
}
