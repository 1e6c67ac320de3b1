package dev.ledger.query.problem;

import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A query that cannot be answered as asked; each subclass is one problem type (see ProblemMapper). */
public abstract sealed class QueryException extends ProblemException {

    private QueryException(String message, Map<String, Object> details) {
        super(message, details);
    }

    /**
     * The read model holds no such account: it was never opened, or its opening is not projected
     * yet, which X-Min-Version waits for.
     */
    public static final class AccountNotFound extends QueryException {
        public AccountNotFound(String accountId) {
            super("account " + accountId + " is not known to the read model", Map.of("accountId", accountId));
        }
    }

    /** X-Min-Version asked for state the projection has not reached within the wait. */
    public static final class NotYetVisible extends QueryException {
        public NotYetVisible(String accountId, long minVersion, long visibleVersion) {
            super(
                    "account " + accountId + " is at version " + visibleVersion + " in the read model, " + minVersion
                            + " was asked for; retry shortly",
                    Map.of("minVersion", minVersion, "visibleVersion", visibleVersion));
        }
    }

    /** Parameters that break a rule, each listed in {@code errors[]} as the command side lists fields. */
    public static final class InvalidQuery extends QueryException {
        public InvalidQuery(String parameter, String message) {
            this(List.of(new FieldError(parameter, message)));
        }

        public InvalidQuery(List<FieldError> errors) {
            super(
                    errors.stream()
                            .map(error -> error.field() + " " + error.message())
                            .collect(Collectors.joining("; ")),
                    Map.of("errors", List.copyOf(errors)));
        }
    }
}
