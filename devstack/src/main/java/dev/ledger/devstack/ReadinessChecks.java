package dev.ledger.devstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

/**
 * The health contract both services keep, checked against the running application under test:
 * readiness follows the service's own database; Kafka is reported on its own and never makes the
 * service unready.
 */
public final class ReadinessChecks {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private ReadinessChecks() {
    }

    public static void assertUnreadyOnlyWhileTheDatabaseIsDown() {
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

    public static void assertReadyWhileKafkaIsDownAndKafkaReportedOnItsOwn() {
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
