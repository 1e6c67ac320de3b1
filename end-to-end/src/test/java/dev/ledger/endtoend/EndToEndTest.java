package dev.ledger.endtoend;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.Commands;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.SharedStack;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Commands on the packaged command-service, queries on the packaged query-service, each its own
 * process with its own database: the two sides converge through Kafka, and X-Min-Version reads
 * one's own writes.
 */
class EndToEndTest {

    private static ServiceProcess commandService;
    private static ServiceProcess queryService;

    @BeforeAll
    static void startServices() throws Exception {
        commandService = ServiceProcess.start(
                Path.of("..", "command-service"), LocalStack.COMMAND_DATABASE, SharedStack.get(), Map.of());
        queryService = ServiceProcess.start(
                Path.of("..", "query-service"), LocalStack.QUERY_DATABASE, SharedStack.get(), Map.of());
    }

    @AfterAll
    static void stopServices() {
        ServiceProcess.closeAll(queryService, commandService);
    }

    @Test
    void shouldShowTheCommandsOnTheQuerySideAndReadYourWrites() throws Exception {
        JsonNode alice = command("/accounts", "{\"owner\":\"alice-e2e\",\"currency\":\"CHF\"}", 201);
        String aliceId = alice.get("id").asText();
        command("/accounts/" + aliceId + "/deposits", "{\"amount\":1000,\"reference\":\"salary\"}", 200);
        String bobId = command("/accounts", "{\"owner\":\"bob-e2e\",\"currency\":\"CHF\"}", 201)
                .get("id")
                .asText();
        JsonNode transfer = command(
                "/transfers",
                "{\"from\":\"" + aliceId + "\",\"to\":\"" + bobId + "\",\"amount\":400,\"reference\":\"rent\"}",
                201);
        long aliceVersion = transfer.get("from").get("version").asLong();
        long bobVersion = transfer.get("to").get("version").asLong();

        asAdmin()
                .header("X-Min-Version", aliceVersion)
                .get("/accounts/{id}", aliceId)
                .then()
                .statusCode(200)
                .body("balance", equalTo(600), "version", equalTo((int) aliceVersion), "owner", equalTo("alice-e2e"));
        asAdmin()
                .header("X-Min-Version", bobVersion)
                .get("/accounts/{id}", bobId)
                .then()
                .statusCode(200)
                .body("balance", equalTo(400));
        asAdmin()
                .header("X-Min-Version", aliceVersion)
                .get("/accounts/{id}/transactions", aliceId)
                .then()
                .statusCode(200)
                .body("items.kind", contains("TRANSFER_OUT", "DEPOSIT"), "items[0].counterpartyId", equalTo(bobId));
        asAdmin()
                .get("/ledger/totals")
                .then()
                .statusCode(200)
                .body(
                        "find { it.currency == 'CHF' }.totalBalance",
                        equalTo(1000),
                        "find { it.currency == 'CHF' }.openAccounts",
                        equalTo(2));
    }

    @Test
    void shouldAnswer503WhenAskedForAVersionTheCommandSideNeverReached() throws Exception {
        JsonNode account = command("/accounts", "{\"owner\":\"carol-e2e\",\"currency\":\"NOK\"}", 201);
        String id = account.get("id").asText();
        asAdmin().header("X-Min-Version", 1).get("/accounts/{id}", id).then().statusCode(200);
        asAdmin()
                .header("X-Min-Version", 2)
                .header("Prefer", "wait=1")
                .get("/accounts/{id}", id)
                .then()
                .statusCode(503)
                .header("Retry-After", "1");
    }

    /** A query to query-service, as the admin. */
    private static RequestSpecification asAdmin() {
        return Callers.asAdmin().baseUri(queryService.uri("").toString());
    }

    private static JsonNode command(String path, String body, int expectedStatus) throws Exception {
        return Commands.post(commandService, path, body, expectedStatus);
    }
}
