package dev.ledger.query.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ledger.devstack.OpenApiContract;
import dev.ledger.devstack.QueryStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The query API's statuses: 304 for a current If-None-Match, 503 for an X-Min-Version not reached
 * in time, 400 for a bad header or parameter; a status gained or lost fails here.
 */
@QuarkusTest
@WithTestResource(QueryStackResource.class)
class OpenApiTest extends OpenApiContract {

    @Override
    protected Map<String, Set<String>> documentedStatuses() {
        return Map.of(
                "GET /accounts/{id}", Set.of("200", "401", "403", "304", "400", "404", "500", "503"),
                "GET /accounts/{id}/transactions", Set.of("200", "401", "403", "304", "400", "404", "500", "503"),
                "GET /accounts", Set.of("200", "401", "403", "400", "500", "503"),
                "GET /ledger/totals", Set.of("200", "401", "403", "500", "503"));
    }

    /** Both reads of one account document the ETag and Cache-Control their 200 carries, and its body. */
    @Test
    void shouldDocumentTheHeadersAndTheBodyOfEveryReadOfOneAccount() {
        JsonPath document = document();
        for (String path : List.of("/accounts/{id}", "/accounts/{id}/transactions")) {
            String ok = "paths.'" + path + "'.get.responses.'200'";
            assertEquals(
                    Set.of("ETag", "Cache-Control"),
                    document.getMap(ok + ".headers").keySet(),
                    path);
            assertNotNull(document.get(ok + ".description"), path);
            assertNotNull(document.get(ok + ".content.'application/json'.schema.$ref"), path);
        }
    }
}
