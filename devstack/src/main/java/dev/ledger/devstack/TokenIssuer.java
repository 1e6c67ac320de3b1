package dev.ledger.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The identity provider of this machine, where no Keycloak runs: an RSA key pair made at start and
 * never written to disk, its public half served as a JSON Web Key Set ({@code GET /jwks}), and
 * bearer tokens signed with it the way an OIDC provider signs them (RS256, {@code kid}, the roles in
 * {@code groups}). The services verify its tokens exactly as they verify a production provider's:
 * they only learn its issuer, audience and JWKS URL ({@link #environment()}).
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String ISSUER = "urn:dev.ledger:devstack";
    public static final String AUDIENCE = "ledger";
    /** How long {@link #token} tokens live: a working day of {@code bin/dev}. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    private final HttpServer server;
    private volatile RsaJsonWebKey signingKey;
    private volatile Instant keysLastServed = Instant.EPOCH;

    private TokenIssuer(int port) {
        signingKey = newKey();
        server = LoopbackHttp.serve(port, "the token keys", Map.of("/jwks", this::publishKeys));
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static TokenIssuer start(int port) {
        return new TokenIssuer(port);
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** The settings the services verify tokens with, named as they read them. */
    public Map<String, String> environment() {
        return Map.of("JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE, "JWT_JWKS_URL", jwksUrl());
    }

    /** A token for {@code subject} with {@code roles}, valid for {@link #LIFETIME}. */
    public String token(String subject, Set<String> roles) {
        return sign(claims(subject, roles));
    }

    /** The claims {@link #token} signs, for a caller that wants to change one before signing. */
    public JwtClaims claims(String subject, Set<String> roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", List.copyOf(roles));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + LIFETIME.toSeconds()));
        claims.setGeneratedJwtId();
        return claims;
    }

    /** The claims signed with the current key, as a compact JWS. */
    public String sign(JwtClaims claims) {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(signingKey.getPrivateKey());
        signature.setKeyIdHeaderValue(signingKey.getKeyId());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /**
     * Replaces the key pair, as a provider rotates its keys: tokens are signed with the new key, and
     * the key set publishes only the new one, so a token signed before no longer verifies.
     */
    public void rotate() {
        signingKey = newKey();
    }

    /** When a verifier last fetched the key set. */
    public Instant keysLastServed() {
        return keysLastServed;
    }

    private void publishKeys(HttpExchange exchange) throws IOException {
        keysLastServed = Instant.now();
        try (exchange) {
            byte[] body = new JsonWebKeySet(signingKey)
                    .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static RsaJsonWebKey newKey() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(UUID.randomUUID().toString());
            key.setUse("sig");
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
