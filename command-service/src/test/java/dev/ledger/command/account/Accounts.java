package dev.ledger.command.account;

import static dev.ledger.devstack.Callers.asAdmin;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Builders for account tests: set up state through the real API. */
public final class Accounts {

    private Accounts() {}

    public static UUID anAccount(String owner, String currency) {
        return UUID.fromString(asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("owner", owner, "currency", currency))
                .post("/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    public static UUID anAccountWith(long balance) {
        return anAccountWith("alice", balance);
    }

    /** An account of {@code owner} in EUR, holding {@code balance}. */
    public static UUID anAccountWith(String owner, long balance) {
        UUID id = anAccount(owner, "EUR");
        if (balance > 0) {
            asAdmin()
                    .contentType(ContentType.JSON)
                    .body(Map.of("amount", balance))
                    .post("/accounts/{id}/deposits", id)
                    .then()
                    .statusCode(200);
        }
        return id;
    }
}
