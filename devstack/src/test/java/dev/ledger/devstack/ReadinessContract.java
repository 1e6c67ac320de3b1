package dev.ledger.devstack;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The health contract both services keep, run against the application under test by a subclass
 * annotated with {@code @QuarkusTest}: readiness follows the service's own database; Kafka is
 * reported as a check of its own and never makes the service unready; while the database is away,
 * a request that needs it gets a 503 with Retry-After, not a 500.
 */
public abstract class ReadinessContract {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A request the service answers from its database. */
    protected abstract Response askTheDatabase();

    @Test
    void shouldAnswer503WithRetryAfterWhileItsDatabaseIsDown() {
        askTheDatabase().then().statusCode(lessThan(500));
        SharedStack.get().postgres().stop();
        try {
            // the first finds the pool's connections closed, the next ones are refused a connection
            for (int request = 0; request < 3; request++) {
                askTheDatabase()
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", "2")
                        .body("type", endsWith("/service-unavailable"));
            }
        } finally {
            SharedStack.get().postgres().start();
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            asAdmin().get("/q/health/ready").then().statusCode(200);
            askTheDatabase().then().statusCode(lessThan(500));
        });
    }

    @Test
    void shouldTurnUnreadyWhileItsDatabaseIsDownAndReadyWhenItReturns() {
        asAdmin().get("/q/health/ready").then().statusCode(200);
        SharedStack.get().postgres().stop();
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> asAdmin()
                            .get("/q/health/ready")
                            .then()
                            .statusCode(503)
                            .body("status", equalTo("DOWN")));
            asAdmin().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedStack.get().postgres().start();
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> asAdmin().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void shouldStayReadyWhileKafkaIsDownAndReportKafkaOnItsOwn() {
        SharedStack.get().kafka().stop();
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> asAdmin()
                            .get("/q/health")
                            .then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN")));
            asAdmin().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            asAdmin().get("/q/health/live").then().statusCode(200);
        } finally {
            SharedStack.get().kafka().start();
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> asAdmin()
                        .get("/q/health/well")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'kafka' }.status", equalTo("UP")));
    }
}
