package dev.ledger.command.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TokenIssuer;
import dev.ledger.support.security.LedgerRoles;
import dev.ledger.support.security.VerifiedTokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * Tokens that must not pass, each answered 401 with the RFC 6750 challenge and a problem: none,
 * expired, of another issuer, for another audience, unsigned ({@code alg: none}), with a changed
 * payload, signed by a key the provider never published, signed with a key the provider rotated out.
 * A rotated-in key is honoured without a restart. Tokens go through VerifiedTokens, which checks each
 * one once, so every refusal here also shows that the cache serves no token it should not.
 */
@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class BearerTokenTest {

    private static final TokenIssuer TOKENS = SharedStack.tokens();
    private static final String CHALLENGE = "Bearer realm=\"ledger\"";
    private static final String REFUSED = CHALLENGE + ", error=\"invalid_token\"";
    private static final Duration KEY_SET_REFETCH = Duration.ofMillis(300);

    @Inject
    JWTParser parser;

    @Test
    void shouldCheckEachTokenOnceThroughVerifiedTokens() {
        assertInstanceOf(VerifiedTokens.class, ClientProxy.unwrap(parser));
    }

    @Test
    void shouldAskForATokenWhenThereIsNone() {
        open(given()).statusCode(401).header("WWW-Authenticate", CHALLENGE);
    }

    @Test
    void shouldAskNoTokenForHealthMetricsOrTheApiDocument() {
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        JwtClaims claims = writer();
        claims.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3600));
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
        refused(TOKENS.sign(claims));
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() {
        JwtClaims claims = writer();
        claims.setIssuer("https://sso.example.org/realms/elsewhere");
        refused(TOKENS.sign(claims));
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        JwtClaims claims = writer();
        claims.setAudience("payroll");
        refused(TOKENS.sign(claims));
    }

    @Test
    void shouldRefuseAnUnsignedToken() {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        refused(header + "." + base64(writer().toJson()) + ".");
    }

    @Test
    void shouldRefuseATokenWhosePayloadWasChangedAfterSigning() {
        String[] parts = TOKENS.sign(writer()).split("\\.");
        JwtClaims promoted = writer();
        promoted.setStringListClaim("groups", LedgerRoles.ADMIN);
        refused(parts[0] + "." + base64(promoted.toJson()) + "." + parts[2]);
    }

    @Test
    void shouldRefuseATokenSignedByAKeyTheProviderNeverPublished() {
        try (TokenIssuer impostor = TokenIssuer.start(0)) {
            refused(impostor.token("mallory", Set.of(LedgerRoles.ADMIN)));
        }
    }

    @Test
    void shouldHonourARotatedKeyWithoutARestart() {
        String beforeRotation = Callers.adminToken();
        open(Callers.with(beforeRotation)).statusCode(201);

        TOKENS.rotate();
        // jose4j fetches a key set at most once in 300 ms (HttpsJwks' refresh reprieve): let that
        // window pass since the service last fetched it, or its next fetch is skipped
        await().until(() ->
                Duration.between(TOKENS.keysLastServed(), Instant.now()).compareTo(KEY_SET_REFETCH) > 0);

        // signed with the new key, whose id the service has not seen: it re-reads the key set
        open(Callers.with(Callers.adminToken())).statusCode(201);
        // the provider no longer publishes the old key
        refused(beforeRotation);
    }

    private static void refused(String token) {
        open(Callers.with(token))
                .statusCode(401)
                .header("WWW-Authenticate", REFUSED)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ledger.example/problems/unauthorized"));
    }

    private static ValidatableResponse open(RequestSpecification request) {
        return request.contentType(ContentType.JSON)
                .body(Map.of("owner", "token-test", "currency", "EUR"))
                .post("/accounts")
                .then();
    }

    private static JwtClaims writer() {
        return TOKENS.claims("token-test-" + UUID.randomUUID(), Set.of(LedgerRoles.WRITER));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
