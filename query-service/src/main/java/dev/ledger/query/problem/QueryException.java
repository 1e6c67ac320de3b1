package dev.ledger.query.problem;

import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.ProblemException;
import dev.ledger.support.problem.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A query that cannot be answered as asked; each subclass is one problem type. An unknown account
 * is the problem both services share, {@link dev.ledger.support.problem.AccountNotFound}.
 */
public abstract sealed class QueryException extends ProblemException {

    public static final ProblemType NOT_YET_VISIBLE = new ProblemType(503, "not-yet-visible", "Not yet visible");

    private QueryException(ProblemType type, String message, Map<String, Object> details) {
        super(type, message, details);
    }

    /** X-Min-Version asked for state the projection has not reached within the wait. */
    public static final class NotYetVisible extends QueryException {
        public NotYetVisible(String accountId, long minVersion, long visibleVersion) {
            super(
                    NOT_YET_VISIBLE,
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
                    ProblemType.VALIDATION,
                    errors.stream()
                            .map(error -> error.field() + " " + error.message())
                            .collect(Collectors.joining("; ")),
                    Map.of("errors", List.copyOf(errors)));
        }
    }
}
