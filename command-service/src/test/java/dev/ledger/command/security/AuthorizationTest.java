package dev.ledger.command.security;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.devstack.AccessMatrix;
import dev.ledger.devstack.AccessMatrix.Role;
import dev.ledger.devstack.AccessMatrix.Whose;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LedgerStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may send which command: every role (none, reader, writer, admin) against every operation, on an
 * account of the token's subject and on another owner's, with the status each must get. A refused
 * caller writes nothing: not the account, not its Idempotency-Key.
 */
@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class AuthorizationTest {

    private static final String PROBLEM = "application/problem+json";
    private static final List<String> TRIED = new ArrayList<>();

    /** The operations, each given an account it may change; {@code owner} is the subject's or another's. */
    enum Operation {
        OPEN(201),
        DEPOSIT(200),
        WITHDRAW(200),
        CLOSE(200),
        GET_ACCOUNT(200),
        TRANSFER(201),
        GET_TRANSFER(200);

        final int success;

        Operation(int success) {
            this.success = success;
        }
    }

    static Stream<Arguments> matrix() {
        return AccessMatrix.cases(Operation.class, AuthorizationTest::expected);
    }

    /** The rules of docs/security.md, written out. */
    private static int expected(Operation operation, Role role, Whose whose) {
        return switch (role) {
            case NONE -> 401;
            case READER -> 403;
            case WRITER -> operation == Operation.CLOSE || whose == Whose.OTHER ? 403 : operation.success;
            case ADMIN -> operation.success;
        };
    }

    @ParameterizedTest(name = "{0} by {1} on {2}: {3}")
    @MethodSource("matrix")
    void shouldAnswerEachRoleOnItsOwnAndOthersAccounts(Operation operation, Role role, Whose whose, int status) {
        String subject = "writer-" + UUID.randomUUID();
        String owner = whose == Whose.OWN ? subject : "other-" + UUID.randomUUID();
        Function<RequestSpecification, Response> request = prepare(operation, owner);

        Response answer = request.apply(AccessMatrix.as(role, subject));

        TRIED.add(operation + "/" + role + "/" + whose + "=" + answer.statusCode());
        assertEquals(status, answer.statusCode(), answer.asString());
        if (status >= 400) {
            assertEquals(PROBLEM, answer.contentType());
        }
    }

    @Test
    void shouldWriteNothingForATokenOfAnotherOwner() {
        UUID account = anAccountWith("owner-" + UUID.randomUUID(), 500);
        String key = "deposit-" + UUID.randomUUID();

        Callers.asWriter("mallory-" + UUID.randomUUID())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("amount", 100))
                .post("/accounts/{id}/deposits", account)
                .then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("type", equalTo("https://ledger.example/problems/forbidden"));

        asAdmin()
                .get("/accounts/{id}", account)
                .then()
                .statusCode(200)
                .body("balance", equalTo(500), "version", equalTo(2));
        // the key was not taken: the same request by someone allowed runs, and is not refused as a reuse
        asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("amount", 100))
                .post("/accounts/{id}/deposits", account)
                .then()
                .statusCode(200)
                .body("balance", equalTo(600));
    }

    @Test
    void shouldNotReplayToOneCallerTheAnswerAnotherGotWithTheSameKey() {
        String owner = "owner-" + UUID.randomUUID();
        UUID account = anAccountWith(owner, 0);
        String key = "deposit-" + UUID.randomUUID();
        Map<String, Object> deposit = Map.of("amount", 100);

        Callers.asWriter(owner)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(deposit)
                .post("/accounts/{id}/deposits", account)
                .then()
                .statusCode(200);
        asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(deposit)
                .post("/accounts/{id}/deposits", account)
                .then()
                .statusCode(422)
                .body("type", equalTo("https://ledger.example/problems/idempotency-key-reused"));
    }

    @AfterAll
    static void report() {
        System.out.println("authorization matrix, command side: " + TRIED.size() + " cases " + TRIED);
    }

    /** Sets up what the operation needs, as the admin, and returns the request to send with the caller's token. */
    private static Function<RequestSpecification, Response> prepare(Operation operation, String owner) {
        return switch (operation) {
            case OPEN ->
                spec -> spec.contentType(ContentType.JSON)
                        .body(Map.of("owner", owner, "currency", "EUR"))
                        .post("/accounts");
            case DEPOSIT -> {
                UUID account = anAccountWith(owner, 0);
                yield spec -> spec.contentType(ContentType.JSON)
                        .body(Map.of("amount", 10))
                        .post("/accounts/{id}/deposits", account);
            }
            case WITHDRAW -> {
                UUID account = anAccountWith(owner, 50);
                yield spec -> spec.contentType(ContentType.JSON)
                        .body(Map.of("amount", 10))
                        .post("/accounts/{id}/withdrawals", account);
            }
            case CLOSE -> {
                UUID account = anAccountWith(owner, 0);
                yield spec -> spec.post("/accounts/{id}/closure", account);
            }
            case GET_ACCOUNT -> {
                UUID account = anAccountWith(owner, 0);
                yield spec -> spec.get("/accounts/{id}", account);
            }
            case TRANSFER -> {
                UUID from = anAccountWith(owner, 50);
                UUID to = anAccountWith("payee-" + UUID.randomUUID(), 0);
                yield spec -> spec.contentType(ContentType.JSON)
                        .body(Map.of("from", from, "to", to, "amount", 10))
                        .post("/transfers");
            }
            case GET_TRANSFER -> {
                UUID from = anAccountWith(owner, 50);
                UUID to = anAccountWith("payee-" + UUID.randomUUID(), 0);
                String transfer = asAdmin()
                        .contentType(ContentType.JSON)
                        .body(Map.of("from", from, "to", to, "amount", 10))
                        .post("/transfers")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("transferId");
                yield spec -> spec.get("/transfers/{id}", transfer);
            }
        };
    }
}
