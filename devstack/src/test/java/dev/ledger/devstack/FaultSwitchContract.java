package dev.ledger.devstack;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault switch both services carry (service-support), run against the application under test
 * by a subclass annotated with {@code @QuarkusTest}: while it is on, API requests answer a 500
 * problem and readiness is DOWN; turned off, both recover; a share fails only that share.
 */
public abstract class FaultSwitchContract {

    private static final String SWITCH = "/admin/fault";

    @AfterEach
    void turnOff() {
        asAdmin().delete(SWITCH).then().statusCode(200);
    }

    @Test
    void shouldFailEveryApiRequestAndTurnUnreadyWhileOn() {
        String account = "/accounts/" + UUID.randomUUID();
        asAdmin().get(account).then().statusCode(404);

        asAdmin().put(SWITCH).then().statusCode(200).body("failing", equalTo(true));
        asAdmin()
                .get(account)
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .header("Cache-Control", "no-store")
                .body("type", endsWith("/fault-injected"));
        asAdmin()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'fault-switch' }.status", equalTo("DOWN"));
        asAdmin().get("/q/health/live").then().statusCode(200);
        asAdmin().get(SWITCH).then().statusCode(200).body("failing", equalTo(true));

        asAdmin().delete(SWITCH).then().statusCode(200).body("failing", equalTo(false));
        asAdmin().get(account).then().statusCode(404);
        asAdmin().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldFailOnlyItsShareOfTheRequestsAndStayReady() {
        String account = "/accounts/" + UUID.randomUUID();
        asAdmin()
                .queryParam("share", 0.5)
                .put(SWITCH)
                .then()
                .statusCode(200)
                .body("failing", equalTo(true), "share", equalTo(0.5f));
        for (int i = 0; i < 3; i++) {
            asAdmin().get(account).then().statusCode(404);
            asAdmin().get(account).then().statusCode(500);
        }
        asAdmin().get("/q/health/ready").then().statusCode(200);
        asAdmin().queryParam("share", 2).put(SWITCH).then().statusCode(400);
    }
}
