package dev.ledger.query.security;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.devstack.AccessMatrix;
import dev.ledger.devstack.AccessMatrix.Role;
import dev.ledger.devstack.AccessMatrix.Whose;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.SharedStack;
import dev.ledger.query.projection.Events;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may read what: every role (none, writer, reader, admin) against every query, on an account of
 * the token's subject and on another owner's, with the status each must get. A reader sees only its
 * own accounts; the totals are the admin's.
 */
@QuarkusTest
@WithTestResource(QueryStackResource.class)
class QueryAuthorizationTest {

    private static final String SUBJECT = "reader-" + Events.uniqueCurrency();
    private static final String OTHER = "other-" + Events.uniqueCurrency();
    private static final List<String> TRIED = new ArrayList<>();
    private static Events own;
    private static Events others;

    enum Query {
        // X-Min-Version: once the account is projected (the events are published before the tests)
        ACCOUNT(whose -> spec -> spec.header("X-Min-Version", 1).get("/accounts/{id}", account(whose))),
        TRANSACTIONS(
                whose -> spec -> spec.header("X-Min-Version", 1).get("/accounts/{id}/transactions", account(whose))),
        BY_OWNER(whose -> spec ->
                spec.queryParam("owner", whose == Whose.OWN ? SUBJECT : OTHER).get("/accounts")),
        TOTALS(whose -> spec -> spec.get("/ledger/totals"));

        final Function<Whose, Function<RequestSpecification, Response>> request;

        Query(Function<Whose, Function<RequestSpecification, Response>> request) {
            this.request = request;
        }
    }

    @BeforeAll
    static void publishBothAccounts() {
        own = Events.forAccount(Events.uniqueCurrency());
        others = Events.forAccount(Events.uniqueCurrency());
        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(own.opened(SUBJECT));
            publisher.publish(others.opened(OTHER));
        }
    }

    static Stream<Arguments> matrix() {
        return AccessMatrix.cases(Query.class, QueryAuthorizationTest::expected);
    }

    /** The rules of docs/security.md, written out. */
    private static int expected(Query query, Role role, Whose whose) {
        return switch (role) {
            case NONE -> 401;
            case WRITER -> 403;
            case READER -> query == Query.TOTALS || whose == Whose.OTHER ? 403 : 200;
            case ADMIN -> 200;
        };
    }

    @ParameterizedTest(name = "{0} by {1} on {2}: {3}")
    @MethodSource("matrix")
    void shouldAnswerEachRoleOnItsOwnAndOthersAccounts(Query query, Role role, Whose whose, int status) {
        Response answer = query.request.apply(whose).apply(AccessMatrix.as(role, SUBJECT));

        TRIED.add(query + "/" + role + "/" + whose + "=" + answer.statusCode());
        assertEquals(status, answer.statusCode(), answer.asString());
        if (status >= 400) {
            assertEquals("application/problem+json", answer.contentType());
        }
    }

    @Test
    void shouldRefuseAnotherOwnersAccountBeforeAnsweringNotModified() {
        String id = others.id().toString();
        String etag = asAdmin()
                .header("X-Min-Version", 1)
                .get("/accounts/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");

        Callers.asReader(SUBJECT)
                .header("If-None-Match", etag)
                .get("/accounts/{id}", id)
                .then()
                .statusCode(403);
    }

    @AfterAll
    static void report() {
        System.out.println("authorization matrix, query side: " + TRIED.size() + " cases " + TRIED);
    }

    private static String account(Whose whose) {
        return (whose == Whose.OWN ? own : others).id().toString();
    }
}
