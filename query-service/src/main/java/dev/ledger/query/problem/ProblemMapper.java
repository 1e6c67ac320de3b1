package dev.ledger.query.problem;

import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.ProblemException;
import dev.ledger.support.problem.ProblemResponses;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as an RFC 9457 problem, with the same types the command side uses. */
public class ProblemMapper {

    /** Seconds a client should wait before asking again for state that is not visible yet. */
    static final String RETRY_AFTER_SECONDS = "1";

    /** A query answered with the problem of its type; one not visible yet says when to ask again. */
    @ServerExceptionMapper
    public Response query(ProblemException e, UriInfo uri) {
        Response problem = ProblemResponses.of(e.problem(uri.getPath()));
        if (e instanceof QueryException.NotYetVisible) {
            return Response.fromResponse(problem)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .build();
        }
        return problem;
    }

    /** Query parameters that break their constraints (see AccountResource): the same 400 as {@code InvalidQuery}. */
    @ServerExceptionMapper
    public Response invalidParameters(ConstraintViolationException e, UriInfo uri) {
        return query(new QueryException.InvalidQuery(FieldError.of(e)), uri);
    }

    /** Errors the HTTP layer raises itself: unknown path (404), method (405), media type (415). */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        if (e.getResponse().getStatus() >= 500) {
            return unexpected(e, uri);
        }
        return ProblemResponses.rejected(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return ProblemResponses.unexpected(e, uri.getPath(), "the query could not be answered");
    }
}
