package dev.ledger.support.problem;

import java.net.URI;
import java.util.Map;

/**
 * One kind of problem: the status it is answered with, the slug of its stable type URI and its
 * title. The mappers answer with these and the API documentation shows an example of each, so
 * the two name a problem the same way.
 */
public record ProblemType(int status, String slug, String title) {

    /** Both services answer these alike; the rest belong to one service's exceptions or ProblemMapper. */
    public static final ProblemType VALIDATION = new ProblemType(400, "validation", "Invalid request");

    public static final ProblemType UNAUTHORIZED = new ProblemType(401, "unauthorized", "Unauthorized");
    public static final ProblemType FORBIDDEN = new ProblemType(403, "forbidden", "Forbidden");
    public static final ProblemType ACCOUNT_NOT_FOUND = new ProblemType(404, "account-not-found", "Account not found");
    public static final ProblemType INTERNAL_ERROR = new ProblemType(500, "internal-error", "Internal error");
    public static final ProblemType SERVICE_UNAVAILABLE =
            new ProblemType(503, "service-unavailable", "Service unavailable");

    public URI type() {
        return Problem.type(slug);
    }

    public Problem problem(String detail, String instance, Map<String, Object> extensions) {
        return new Problem(type(), title, status, detail, instance, extensions);
    }
}
