package dev.ledger.support.security;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What VerifiedTokens takes on trust and for how long, against smallrye-jwt's own parser and a key
 * set of two published keys. A token checked again comes back as a new object; one answered from
 * the cache as the very object of its first check. The cache's age is told by a ticker the test
 * moves, so no test waits.
 */
class VerifiedTokensTest {

    private static final String ISSUER = "urn:dev.ledger:test";

    private final KeyPair first = rsaKeys();
    private final KeyPair second = rsaKeys();
    private final AtomicLong nanos = new AtomicLong();
    private VerifiedTokens tokens;

    @BeforeEach
    void trustBothKeys() throws Exception {
        RsaJsonWebKey firstKey = new RsaJsonWebKey((RSAPublicKey) first.getPublic());
        firstKey.setKeyId("first");
        RsaJsonWebKey secondKey = new RsaJsonWebKey((RSAPublicKey) second.getPublic());
        secondKey.setKeyId("second");
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyContent(new JsonWebKeySet(firstKey, secondKey).toJson());
        context.setIssuedBy(ISSUER);
        tokens = new VerifiedTokens(context, Clock.fixed(Instant.now(), ZoneOffset.UTC), nanos::get);
    }

    @Test
    void shouldAnswerARepeatedTokenWithoutCheckingItAgain() throws ParseException {
        String token = signed(first, "first", Duration.ofHours(1));
        assertSame(tokens.parse(token), tokens.parse(token));
    }

    @Test
    void shouldCheckATokenAgainOnceItHasExpired() throws ParseException {
        assertTrustedFor(Duration.ofSeconds(30), signed(first, "first", Duration.ofSeconds(30)));
    }

    @Test
    void shouldTrustAVerifiedTokenForAMinuteAtMost() throws ParseException {
        assertTrustedFor(VerifiedTokens.MAX_AGE, signed(first, "first", Duration.ofHours(1)));
    }

    @Test
    void shouldCheckEveryTokenAgainOnceAKeyNotSeenBeforeHasSigned() throws ParseException {
        String beforeRotation = signed(first, "first", Duration.ofHours(1));
        var checked = tokens.parse(beforeRotation);
        tokens.parse(signed(second, "second", Duration.ofHours(1)));
        assertNotSame(checked, tokens.parse(beforeRotation));
    }

    /** Answered from the cache until a second before {@code trust} is up, checked again a second after. */
    private void assertTrustedFor(Duration trust, String token) throws ParseException {
        var checked = tokens.parse(token);
        later(trust.minusSeconds(1));
        assertSame(checked, tokens.parse(token));
        later(Duration.ofSeconds(2));
        assertNotSame(checked, tokens.parse(token));
    }

    private void later(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    private static String signed(KeyPair keys, String keyId, Duration lifetime) {
        return Jwt.issuer(ISSUER)
                .subject("alice")
                .expiresIn(lifetime)
                .jws()
                .keyId(keyId)
                .sign(keys.getPrivate());
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }
}
