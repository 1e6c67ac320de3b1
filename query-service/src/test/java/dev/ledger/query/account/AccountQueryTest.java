package dev.ledger.query.account;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.Scrape;
import dev.ledger.devstack.SharedStack;
import dev.ledger.query.projection.Events;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class AccountQueryTest {

    private static final String PROBLEM = "application/problem+json";
    /** One account with 7 deposits (versions 2..8), shared by the read-only tests below. */
    private static Events account;

    @BeforeAll
    static void publishHistory() {
        account = Events.forAccount(Events.uniqueCurrency());
        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(account.opened("grace"));
            for (int i = 1; i <= 7; i++) {
                publisher.publish(account.deposited(i * 10));
            }
        }
    }

    private String id() {
        return account.id().toString();
    }

    @Test
    void shouldAnswerWithTheAccountAndItsETag() {
        asAdmin()
                .header("X-Min-Version", 8)
                .get("/accounts/{id}", id())
                .then()
                .statusCode(200)
                .header("ETag", "\"8\"")
                .header("Cache-Control", "private, max-age=1")
                .header("Vary", "Accept-Encoding")
                .body(
                        "id",
                        equalTo(id()),
                        "owner",
                        equalTo("grace"),
                        "balance",
                        equalTo(280),
                        "status",
                        equalTo("OPEN"),
                        "version",
                        equalTo(8),
                        "updatedAt",
                        notNullValue());
    }

    @Test
    void shouldGzipForClientsThatAcceptIt() {
        asAdmin()
                .header("X-Min-Version", 8)
                .header("Accept-Encoding", "gzip")
                .get("/accounts/{id}", id())
                .then()
                .statusCode(200)
                .header("Content-Encoding", "gzip")
                .header("Vary", "Accept-Encoding")
                .body("id", equalTo(id()));
    }

    @Test
    void shouldAnswerNotModifiedWhenTheClientHoldsTheCurrentVersion() {
        asAdmin().header("X-Min-Version", 8).get("/accounts/{id}", id()).then().statusCode(200);
        asAdmin()
                .header("If-None-Match", "\"8\"")
                .get("/accounts/{id}", id())
                .then()
                .statusCode(304);
        asAdmin()
                .header("If-None-Match", "\"7\"")
                .get("/accounts/{id}", id())
                .then()
                .statusCode(200);
        String tag = asAdmin()
                .get("/accounts/{id}/transactions?limit=3", id())
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        asAdmin()
                .header("If-None-Match", tag)
                .get("/accounts/{id}/transactions?limit=3", id())
                .then()
                .statusCode(304);
    }

    @Test
    void shouldPageTheHistoryNewestFirstWithAnOpaqueCursor() {
        asAdmin().header("X-Min-Version", 8).get("/accounts/{id}", id()).then().statusCode(200);
        String next = asAdmin()
                .get("/accounts/{id}/transactions?limit=3", id())
                .then()
                .statusCode(200)
                .body("items.version", contains(8, 7, 6), "next", notNullValue())
                .extract()
                .path("next");
        next = asAdmin()
                .queryParam("after", next)
                .get("/accounts/{id}/transactions?limit=3", id())
                .then()
                .body("items.version", contains(5, 4, 3))
                .extract()
                .path("next");
        asAdmin()
                .queryParam("after", next)
                .get("/accounts/{id}/transactions?limit=3", id())
                .then()
                .body("items.version", contains(2), "next", nullValue());
    }

    @Test
    void shouldRefuseALimitOutsideItsRangeOrAForgedCursor() {
        for (String limit : new String[] {"0", "201", "ten"}) {
            asAdmin()
                    .get("/accounts/{id}/transactions?limit=" + limit, id())
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("type", endsWith("/validation"), "errors[0].field", equalTo("limit"));
        }
        asAdmin()
                .get("/accounts/{id}/transactions?after=bm90LWEtY3Vyc29y", id())
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }

    @Test
    void shouldReportABadLimitAsOneErrorThatNamesTheRange() {
        String rule = "must be a whole number from 1 to 200";
        for (String limit : new String[] {"ten", "1.5", "-3", "99999999999999999999"}) {
            asAdmin()
                    .queryParam("limit", limit)
                    .get("/accounts/{id}/transactions", id())
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body(
                            "type",
                            endsWith("/validation"),
                            "detail",
                            equalTo("limit " + rule),
                            "errors",
                            hasSize(1),
                            "errors[0].field",
                            equalTo("limit"),
                            "errors[0].message",
                            equalTo(rule));
        }
        asAdmin()
                .header("X-Min-Version", 8)
                .queryParam("limit", 1)
                .get("/accounts/{id}/transactions", id())
                .then()
                .statusCode(200)
                .body("items.version", contains(8));
        asAdmin()
                .header("X-Min-Version", 8)
                .queryParam("limit", 200)
                .get("/accounts/{id}/transactions", id())
                .then()
                .statusCode(200)
                .body("items", hasSize(7), "next", nullValue());
    }

    @Test
    void shouldRefuseAnOwnerThatIsNotPlainText() {
        // %00 reached PostgreSQL, which cannot hold NUL in text, and came back as a 500
        for (String owner : new String[] {"%00", "ali%00ce", "%E2%80%AEecila", "a%0Ab"}) {
            asAdmin()
                    .urlEncodingEnabled(false)
                    .get("/accounts?owner=" + owner)
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .header("X-Content-Type-Options", "nosniff")
                    .body("type", endsWith("/validation"), "errors[0].field", equalTo("owner"));
        }
    }

    @Test
    void shouldRefuseAnOwnerThatIsEmptyOrBlank() {
        String rule = "is required, e.g. /accounts?owner=alice";
        for (String owner : new String[] {"", "   "}) {
            asAdmin()
                    .queryParam("owner", owner)
                    .get("/accounts")
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body(
                            "type",
                            endsWith("/validation"),
                            "detail",
                            equalTo("owner " + rule),
                            "errors",
                            hasSize(1),
                            "errors[0].field",
                            equalTo("owner"),
                            "errors[0].message",
                            equalTo(rule));
        }
    }

    @Test
    void shouldWaitForAMinimumVersionAndAnswer503WithRetryAfterWhenItDoesNotArrive() {
        asAdmin()
                .header("X-Min-Version", 8)
                .get("/accounts/{id}", id())
                .then()
                .statusCode(200)
                .body("version", equalTo(8));
        asAdmin()
                .header("X-Min-Version", 99)
                .header("Prefer", "wait=1")
                .get("/accounts/{id}", id())
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .header("Retry-After", "1")
                .body("type", endsWith("/not-yet-visible"), "minVersion", equalTo(99), "visibleVersion", equalTo(8));
        asAdmin()
                .header("X-Min-Version", 99)
                .header("Prefer", "wait=1")
                .get("/accounts/{id}/transactions", id())
                .then()
                .statusCode(503);
        asAdmin()
                .header("X-Min-Version", 1)
                .header("Prefer", "wait=1")
                .get("/accounts/{id}", UUID.randomUUID())
                .then()
                .statusCode(503);
        asAdmin()
                .header("X-Min-Version", "soon")
                .get("/accounts/{id}", id())
                .then()
                .statusCode(400);
    }

    @Test
    void shouldCountReadYourWritesByWhetherTheVersionWasReachedInTime() {
        double visible = metric("ledger_read_your_writes_total{outcome=\"visible\"}");
        double notYetVisible = metric("ledger_read_your_writes_total{outcome=\"not_yet_visible\"}");
        asAdmin().header("X-Min-Version", 8).get("/accounts/{id}", id()).then().statusCode(200);
        asAdmin()
                .header("X-Min-Version", 99)
                .header("Prefer", "wait=0")
                .get("/accounts/{id}", id())
                .then()
                .statusCode(503);
        asAdmin().get("/accounts/{id}", id()).then().statusCode(200); // no X-Min-Version: not counted
        assertEquals(visible + 1, metric("ledger_read_your_writes_total{outcome=\"visible\"}"));
        assertEquals(notYetVisible + 1, metric("ledger_read_your_writes_total{outcome=\"not_yet_visible\"}"));
    }

    @Test
    void shouldPublishLatencyBucketsForTheCanaryAnalysis() {
        asAdmin().get("/accounts/{id}", id()).then().statusCode(200);
        String metrics = asAdmin().get("/q/metrics").then().extract().asString();
        for (String bound : new String[] {"0.005", "0.1", "2.5", "+Inf"}) {
            assertTrue(
                    metrics.lines()
                            .anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                                    && line.contains("uri=\"/accounts/{id}\"")
                                    && line.contains("le=\"" + bound + "\"")),
                    "no bucket le=" + bound);
        }
    }

    /** A series' value on /q/metrics, 0 when absent; {@code series} is its name and labels as printed. */
    private static double metric(String series) {
        return Scrape.value(asAdmin().get("/q/metrics").then().extract().asString(), series)
                .orElse(0);
    }

    @Test
    void shouldReportUnknownAccounts() {
        asAdmin()
                .get("/accounts/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .header("Cache-Control", "no-store")
                .body("type", endsWith("/account-not-found"));
        asAdmin().get("/accounts/{id}/transactions", UUID.randomUUID()).then().statusCode(404);
        asAdmin().get("/accounts/not-an-id").then().statusCode(404);
    }

    @Test
    void shouldListTheAccountsOfAnOwner() {
        asAdmin().header("X-Min-Version", 1).get("/accounts/{id}", id()).then().statusCode(200);
        asAdmin().get("/accounts?owner=grace").then().statusCode(200).body("id", hasItem(id()));
        asAdmin()
                .get("/accounts?owner=nobody-has-this-name")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
        asAdmin().get("/accounts").then().statusCode(400).body("errors[0].field", equalTo("owner"));
    }
}
