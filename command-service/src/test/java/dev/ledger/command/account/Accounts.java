package dev.ledger.command.account;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Builders for account tests: set up state through the real API. */
public final class Accounts {

    private Accounts() {}

    public static UUID anAccount(String owner, String currency) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(Map.of("owner", owner, "currency", currency))
                .post("/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    public static UUID anAccountWith(long balance) {
        UUID id = anAccount("alice", "EUR");
        if (balance > 0) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("amount", balance))
                    .post("/accounts/{id}/deposits", id)
                    .then()
                    .statusCode(200);
        }
        return id;
    }
}
