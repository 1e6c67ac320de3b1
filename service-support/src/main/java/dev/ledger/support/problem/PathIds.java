package dev.ledger.support.problem;

import java.util.UUID;
import java.util.function.Function;

/** The ids a request's path names, as both services read them. */
public final class PathIds {

    private PathIds() {}

    /**
     * The UUID a path segment holds. A segment that is no UUID names nothing that could exist, so it
     * is answered as an unknown id is: with the not-found problem {@code notFound} makes of it.
     */
    public static UUID uuid(String segment, Function<String, ? extends ProblemException> notFound) {
        try {
            return UUID.fromString(segment);
        } catch (IllegalArgumentException e) {
            throw notFound.apply(segment);
        }
    }
}
