package dev.ledger.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Bearer tokens smallrye-jwt already verified, so that a caller's next request with the same token
 * costs a lookup instead of an RSA signature check: that check took 56 % of query-service's CPU
 * under reads (docs/benchmarks.md). The key is the token's exact text, so its signature and claims
 * are those that were verified; what can change is the time and the provider's keys:
 *
 * <ul>
 *   <li>an entry lives until its token expires, and {@link #MAX_AGE} at most: an expired token is
 *       checked afresh, and refused;</li>
 *   <li>a token signed with a key id not seen before means the provider's key set was read again (a
 *       rotation): every entry goes, so a token whose key the provider no longer publishes is
 *       checked afresh and refused, as it would be without this cache.</li>
 * </ul>
 *
 * A token that fails its check is not kept. It is smallrye-jwt's parser otherwise, and takes its
 * place: every other method, and the check itself, are smallrye-jwt's.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends DefaultJWTParser {

    /** The longest a verified token is taken on trust before it is checked again. */
    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** About 10 MiB of tokens and their claims at the most. */
    static final long MAX_TOKENS = 1_000;

    private final Clock clock;
    private final Cache<String, JsonWebToken> verified;
    private final Set<String> keyIds = ConcurrentHashMap.newKeySet();

    /** For CDI, which injects the parser's settings (the verification keys, issuer, audience) into its fields. */
    public VerifiedTokens() {
        this.clock = Clock.systemUTC();
        this.verified = cache(Ticker.systemTicker());
    }

    /** With the clock that tells a token's expiry, and the ticker the cache measures its entries' age by. */
    VerifiedTokens(JWTAuthContextInfo settings, Clock clock, Ticker ticker) {
        super(settings);
        this.clock = clock;
        this.verified = cache(ticker);
    }

    private Cache<String, JsonWebToken> cache(Ticker ticker) {
        return Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .ticker(ticker)
                .expireAfter(Expiry.creating((String token, JsonWebToken jwt) -> trustFor(jwt)))
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JsonWebToken checked = super.parse(token);
        if (keyIds.add(keyId(token))) {
            verified.invalidateAll();
        }
        verified.put(token, checked);
        return checked;
    }

    private Duration trustFor(JsonWebToken jwt) {
        Duration untilExpiry = Duration.between(clock.instant(), Instant.ofEpochSecond(jwt.getExpirationTime()));
        if (untilExpiry.isNegative()) {
            return Duration.ZERO;
        }
        return untilExpiry.compareTo(MAX_AGE) < 0 ? untilExpiry : MAX_AGE;
    }

    /** The {@code kid} of the token's JOSE header; the token verified, so the header is well-formed. */
    private static String keyId(String token) throws ParseException {
        try {
            Map<String, Object> header =
                    JsonUtil.parseJson(Base64Url.decodeToUtf8String(token.substring(0, token.indexOf('.'))));
            return String.valueOf(header.get("kid"));
        } catch (JoseException e) {
            throw new ParseException("the token's header is not JSON", e);
        }
    }
}
