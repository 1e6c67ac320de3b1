package dev.ledger.devstack;

import static io.restassured.RestAssured.given;
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
        given().delete(SWITCH).then().statusCode(200);
    }

    @Test
    void shouldFailEveryApiRequestAndTurnUnreadyWhileOn() {
        String account = "/accounts/" + UUID.randomUUID();
        given().get(account).then().statusCode(404);

        given().put(SWITCH).then().statusCode(200).body("failing", equalTo(true));
        given().get(account)
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .header("Cache-Control", "no-store")
                .body("type", endsWith("/fault-injected"));
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'fault-switch' }.status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
        given().get(SWITCH).then().statusCode(200).body("failing", equalTo(true));

        given().delete(SWITCH).then().statusCode(200).body("failing", equalTo(false));
        given().get(account).then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldFailOnlyItsShareOfTheRequestsAndStayReady() {
        String account = "/accounts/" + UUID.randomUUID();
        given().queryParam("share", 0.5)
                .put(SWITCH)
                .then()
                .statusCode(200)
                .body("failing", equalTo(true), "share", equalTo(0.5f));
        for (int i = 0; i < 3; i++) {
            given().get(account).then().statusCode(404);
            given().get(account).then().statusCode(500);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().queryParam("share", 2).put(SWITCH).then().statusCode(400);
    }
}
