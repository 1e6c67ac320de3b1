package dev.ledger.command.hostile;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hostile inputs found by hand (issue 15): each is answered with a 400 problem and writes
 * nothing, where before some got a 500 or were stored.
 */
@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class HostileInputTest {

    private static final List<String> TABLES = List.of("account", "transfer", "outbox_event", "idempotency_key");

    @Test
    void shouldRefuseNamesThatAreNotPlainText() throws Exception {
        for (String owner :
                List.of("\\u0000", "ali\\u0000ce", "\\u202eecila", "a\\u200bb", "line\\nbreak", "\\ud800")) {
            refusedWithoutWriting(
                    asAdmin().contentType(ContentType.JSON).body("{\"owner\":\"" + owner + "\",\"currency\":\"EUR\"}"),
                    "/accounts",
                    "validation");
        }
    }

    @Test
    void shouldRefuseReferencesThatAreNotPlainText() throws Exception {
        UUID id = anAccountWith(10);
        refusedWithoutWriting(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\":1,\"reference\":\"\\u0000\"}"),
                "/accounts/" + id + "/deposits",
                "validation");
        refusedWithoutWriting(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\":1,\"reference\":\"\\udc00x\"}"),
                "/accounts/" + id + "/withdrawals",
                "validation");
    }

    @Test
    void shouldRefuseAFieldGivenTwice() throws Exception {
        UUID id = anAccountWith(10);
        String deposits = "/accounts/" + id + "/deposits";
        refusedWithoutWriting(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\":1,\"amount\":2}"),
                deposits,
                "malformed-request");
        refusedWithoutWriting(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\":1,\"reference\":null,\"reference\":\"y\"}"),
                deposits,
                "malformed-request");
    }

    @Test
    void shouldRefuseABlankIdempotencyKey() throws Exception {
        UUID id = anAccountWith(10);
        for (String key : List.of(" ", "\t", "a b")) {
            refusedWithoutWriting(
                    asAdmin()
                            .contentType(ContentType.JSON)
                            .header("Idempotency-Key", key)
                            .body("{\"amount\":1}"),
                    "/accounts/" + id + "/deposits",
                    "validation");
        }
    }

    @Test
    void shouldSendSecurityHeadersOnEveryAnswerAndNoServerBanner() {
        UUID id = anAccountWith(0);
        for (var answer : List.of(
                asAdmin().get("/accounts/{id}", id),
                asAdmin().get("/accounts/{id}", UUID.randomUUID()),
                asAdmin().contentType(ContentType.JSON).body("{").post("/accounts"))) {
            answer.then().header("X-Content-Type-Options", "nosniff").header("Server", nullValue());
        }
        asAdmin()
                .get("/accounts/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .header("Cache-Control", "no-store");
    }

    private static void refusedWithoutWriting(RequestSpecification request, String path, String type) throws Exception {
        List<Long> before = rowCounts();
        request.post(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/" + type), "status", equalTo(400));
        assertEquals(before, rowCounts(), "rows in " + TABLES + " after a refused " + path);
    }

    private static List<Long> rowCounts() throws Exception {
        try (Connection db = SharedStack.get().postgres().connect(LocalStack.COMMAND_DATABASE);
                Statement statement = db.createStatement()) {
            List<Long> counts = new ArrayList<>();
            for (String table : TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    counts.add(rows.getLong(1));
                }
            }
            return counts;
        }
    }
}
