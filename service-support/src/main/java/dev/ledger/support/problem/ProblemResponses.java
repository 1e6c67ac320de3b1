package dev.ledger.support.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Builds the {@code application/problem+json} responses of both services. A foreseen failure carries
 * its problem type ({@link ProblemException#type()}), and each service's {@code ProblemMapper}
 * answers it; the answers both share (a rejection by the HTTP layer, an unexpected failure) are made here.
 */
public final class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    private ProblemResponses() {}

    /** A problem answer; no cache, shared or private, keeps it. */
    public static Response of(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(problem)
                .build();
    }

    /** An error the HTTP layer raised itself, such as an unknown path (404), method (405) or media type (415). */
    public static Response rejected(WebApplicationException e, String instance) {
        return of(rejection(e.getResponse().getStatus(), e.getMessage(), instance));
    }

    /**
     * The problem for a status the HTTP layer chose: its reason phrase is the title, and the title
     * in kebab case the type.
     */
    public static Problem rejection(int status, String detail, String instance) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request rejected" : known.getReasonPhrase();
        ProblemType type = new ProblemType(status, title.toLowerCase().replace(' ', '-'), title);
        return type.problem(detail, instance, Map.of());
    }

    /**
     * A failure nobody foresaw: logged in full, answered with a 500 whose detail reveals nothing
     * inside. Except when the database cannot be reached (it restarts, fails over, is away): that
     * passes, so the answer is a 503 with Retry-After, which tells a client to send the same request
     * again, and one warning line.
     */
    public static Response unexpected(Throwable e, String instance, String detail) {
        if (DatabaseUnavailable.causes(e)) {
            LOG.warnf("database unavailable on %s: %s", instance, DatabaseUnavailable.reason(e));
            return Response.fromResponse(of(ProblemType.SERVICE_UNAVAILABLE.problem(detail, instance, Map.of())))
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.errorf(e, "unexpected failure on %s", instance);
        return of(ProblemType.INTERNAL_ERROR.problem(detail, instance, Map.of()));
    }
}
