package dev.ledger.devstack;

import static io.restassured.RestAssured.given;

import dev.ledger.support.security.LedgerRoles;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Set;

/**
 * Requests with a bearer token of the test token issuer ({@link SharedStack#tokens()}), as the
 * services under test expect: {@code asAdmin().post("/accounts")} in place of {@code given()}.
 */
public final class Callers {

    /** The subject of the admin token; it owns no account. */
    public static final String ADMIN = "ledger-operator";

    private Callers() {}

    public static String adminToken() {
        return SharedStack.tokens().token(ADMIN, Set.of(LedgerRoles.ADMIN));
    }

    public static String writerToken(String owner) {
        return SharedStack.tokens().token(owner, Set.of(LedgerRoles.WRITER));
    }

    public static String readerToken(String owner) {
        return SharedStack.tokens().token(owner, Set.of(LedgerRoles.READER));
    }

    /** A request as the admin, who may do anything. */
    public static RequestSpecification asAdmin() {
        return with(adminToken());
    }

    /** A request as a writer acting for {@code owner}. */
    public static RequestSpecification asWriter(String owner) {
        return with(writerToken(owner));
    }

    /** A request as a reader of {@code owner}'s accounts. */
    public static RequestSpecification asReader(String owner) {
        return with(readerToken(owner));
    }

    public static RequestSpecification with(String token) {
        return given().auth().oauth2(token);
    }

    /** A request of the JDK's HTTP client as the admin. */
    public static HttpRequest.Builder adminRequest(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken());
    }
}
