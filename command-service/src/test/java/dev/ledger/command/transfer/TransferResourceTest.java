package dev.ledger.command.transfer;

import static dev.ledger.command.account.Accounts.anAccount;
import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.MetricNames;
import dev.ledger.devstack.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class TransferResourceTest {

    private static ValidatableResponse transfer(UUID from, UUID to, long amount) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("from", from.toString(), "to", to.toString(), "amount", amount, "reference", "test"))
                .post("/transfers")
                .then();
    }

    @Test
    void shouldMoveMoneyBetweenBothAccountsAtOnce() {
        UUID from = anAccountWith(1000);
        UUID to = anAccountWith(0);
        String transferId = transfer(from, to, 250)
                .statusCode(201)
                .body(
                        "transferId",
                        notNullValue(),
                        "from.id",
                        equalTo(from.toString()),
                        "from.balance",
                        equalTo(750),
                        "from.version",
                        equalTo(3),
                        "to.id",
                        equalTo(to.toString()),
                        "to.balance",
                        equalTo(250),
                        "to.version",
                        equalTo(2))
                .extract()
                .path("transferId");
        asAdmin()
                .get("/transfers/{id}", transferId)
                .then()
                .statusCode(200)
                .body("amount", equalTo(250), "currency", equalTo("EUR"), "from", equalTo(from.toString()));
    }

    @Test
    void shouldCountTransfersMadeAndCommandsRefusedByReason() {
        UUID from = anAccountWith(1000);
        UUID to = anAccountWith(0);
        double made = metric("ledger_transfers_total");
        double overdrafts = metric("ledger_commands_refused_total{reason=\"insufficient-funds\"}");
        double unknownAccounts = metric("ledger_commands_refused_total{reason=\"account-not-found\"}");

        String key = "metrics-" + from;
        transferOnce(key, from, to).statusCode(201);
        // a replay is the same transfer: not counted again
        transferOnce(key, from, to).statusCode(201);
        transfer(from, to, 5000).statusCode(409);
        // a read is no command: its 404 is no refusal
        asAdmin().get("/accounts/{id}", UUID.randomUUID()).then().statusCode(404);

        assertEquals(made + 1, metric("ledger_transfers_total"));
        assertEquals(overdrafts + 1, metric("ledger_commands_refused_total{reason=\"insufficient-funds\"}"));
        assertEquals(unknownAccounts, metric("ledger_commands_refused_total{reason=\"account-not-found\"}"));
    }

    @Test
    void shouldNameTheLedgersMetricsByThePrometheusConventions() {
        UUID from = anAccountWith(100);
        transfer(from, anAccountWith(0), 10).statusCode(201);
        transfer(from, from, 10).statusCode(400);
        String scrape = asAdmin().get("/q/metrics").then().extract().asString();
        assertTrue(scrape.contains("ledger_commands_refused_total"), "no refusal counted yet");
        assertEquals(List.of(), MetricNames.problems(scrape, "ledger_"));
    }

    private static ValidatableResponse transferOnce(String key, UUID from, UUID to) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("from", from.toString(), "to", to.toString(), "amount", 10))
                .post("/transfers")
                .then();
    }

    /** A sample's value in /q/metrics, by its name and labels as printed; 0 when it is not there yet. */
    private static double metric(String sample) {
        return Scrape.value(asAdmin().get("/q/metrics").then().extract().asString(), sample)
                .orElse(0);
    }

    @Test
    void shouldRefuseOverdraftAndChangeNeitherAccount() {
        UUID from = anAccountWith(100);
        UUID to = anAccountWith(0);
        transfer(from, to, 101).statusCode(409).body("type", endsWith("/insufficient-funds"));
        asAdmin().get("/accounts/{id}", from).then().body("balance", equalTo(100), "version", equalTo(2));
        asAdmin().get("/accounts/{id}", to).then().body("balance", equalTo(0), "version", equalTo(1));
    }

    @Test
    void shouldRefuseTransfersAcrossCurrencies() {
        UUID from = anAccountWith(100);
        UUID to = anAccount("bob", "USD");
        transfer(from, to, 10).statusCode(409).body("type", endsWith("/currency-mismatch"));
    }

    @Test
    void shouldRefuseATransferToTheSameAccount() {
        UUID account = anAccountWith(100);
        transfer(account, account, 10)
                .statusCode(400)
                .body("type", endsWith("/validation"), "errors[0].field", equalTo("to"));
    }

    @Test
    void shouldRefuseTransfersInvolvingAClosedAccount() {
        UUID from = anAccountWith(100);
        UUID closed = anAccountWith(0);
        asAdmin().post("/accounts/{id}/closure", closed).then().statusCode(200);
        transfer(from, closed, 10).statusCode(409).body("type", endsWith("/account-closed"));
        transfer(closed, from, 10).statusCode(409).body("type", endsWith("/account-closed"));
        asAdmin().get("/accounts/{id}", from).then().body("balance", equalTo(100));
    }

    @Test
    void shouldReportAnUnknownAccountOrTransfer() {
        transfer(anAccountWith(100), UUID.randomUUID(), 10)
                .statusCode(404)
                .body("type", endsWith("/account-not-found"));
        asAdmin()
                .get("/transfers/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("type", endsWith("/transfer-not-found"));
    }

    @Test
    void shouldReplayATransferForARepeatedIdempotencyKey() {
        UUID from = anAccountWith(100);
        UUID to = anAccountWith(0);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("from", from.toString(), "to", to.toString(), "amount", 40);
        String first = asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/transfers")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        String repeat = asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/transfers")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        assertEquals(first, repeat);
        asAdmin().get("/accounts/{id}", from).then().body("balance", equalTo(60));
    }

    @Test
    void shouldCheckIfMatchAgainstTheSendingAccount() {
        UUID from = anAccountWith(100);
        UUID to = anAccountWith(0);
        asAdmin()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(Map.of("from", from.toString(), "to", to.toString(), "amount", 10))
                .post("/transfers")
                .then()
                .statusCode(412)
                .body("type", endsWith("/precondition-failed"));
        asAdmin().get("/accounts/{id}", to).then().body("balance", equalTo(0));
    }
}
