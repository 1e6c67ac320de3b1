package dev.ledger.query.problem;

import dev.ledger.support.problem.ProblemDocumentation;
import dev.ledger.support.problem.ProblemType;
import dev.ledger.support.security.SecurityProblems;
import java.util.List;
import java.util.Map;

/**
 * The query API's errors in its OpenAPI document: an example of every problem type it answers
 * with, shown under each operation that names the type. Named in {@code mp.openapi.filter}.
 */
public class ProblemExamples extends ProblemDocumentation {

    /** Any query needs a token, or fails unexpectedly. */
    public static final String QUERY = SecurityProblems.SECURED + ", internal-error, service-unavailable";
    /** A read of one account: a bad header or parameter, an unknown account, X-Min-Version not reached. */
    public static final String ONE_ACCOUNT = "validation, account-not-found, not-yet-visible, " + QUERY;

    private static final String ID = "0b6f3c2e-5d1a-4f7e-9c3b-2a8d4e6f1b90";

    public ProblemExamples() {
        super(List.of(
                ProblemType.VALIDATION.problem(
                        "limit must be a whole number from 1 to 200",
                        "/accounts/" + ID + "/transactions",
                        Map.of(
                                "errors",
                                List.of(Map.of(
                                        "field", "limit", "message", "limit must be a whole number from 1 to 200")))),
                ProblemType.ACCOUNT_NOT_FOUND.problem(
                        "account " + ID + " is not known to the read model",
                        "/accounts/" + ID,
                        Map.of("accountId", ID)),
                QueryException.NOT_YET_VISIBLE.problem(
                        "account " + ID + " is at version 7 in the read model, 9 was" + " asked for; retry shortly",
                        "/accounts/" + ID,
                        Map.of("minVersion", 9, "visibleVersion", 7)),
                ProblemType.INTERNAL_ERROR.problem("the query could not be answered", "/ledger/totals", Map.of()),
                ProblemType.SERVICE_UNAVAILABLE.problem(
                        "the query could not be answered", "/ledger/totals", Map.of())));
    }
}
