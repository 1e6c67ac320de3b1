package dev.ledger.query.account;

import dev.ledger.query.problem.QueryException.InvalidQuery;
import dev.ledger.support.problem.PathIds;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every read of one account carries besides its own parameters, as the request sends it: the
 * account in the path, and how fresh the answer must be. Read as a {@code @BeanParam}, so the API
 * documentation lists them as the operation's parameters; the methods parse them.
 */
public record ReadOfAccount(
        @PathParam("id") String id,
        @HeaderParam(ReadOfAccount.MIN_VERSION) String minVersionHeader,
        @HeaderParam(ReadOfAccount.PREFER) String preferHeader) {

    /** The version a command returned; the answer is at least that new, or 503. */
    public static final String MIN_VERSION = "X-Min-Version";
    /** RFC 7240; {@code Prefer: wait=1} shortens the X-Min-Version wait to one second. */
    public static final String PREFER = "Prefer";

    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait=(\\d{1,6})(?:$|[,;\\s])");

    /** The account; a path segment that is no UUID names no account, so 404. */
    UUID accountId() {
        return PathIds.uuid(id, AccountQueryService::notFound);
    }

    OptionalLong minVersion() {
        return minVersion(minVersionHeader);
    }

    Optional<Duration> preferredWait() {
        return preferredWait(preferHeader);
    }

    static OptionalLong minVersion(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            long version = Long.parseLong(header.strip());
            if (version >= 1) {
                return OptionalLong.of(version);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidQuery(MIN_VERSION, "must be a version number (1 or more)");
    }

    static Optional<Duration> preferredWait(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        Matcher wait = WAIT.matcher(prefer);
        return wait.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(wait.group(1)))) : Optional.empty();
    }
}
