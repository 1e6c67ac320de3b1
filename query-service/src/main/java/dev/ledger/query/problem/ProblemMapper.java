package dev.ledger.query.problem;

import dev.ledger.contracts.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as an RFC 9457 problem, with the same types the command side uses. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Seconds a client should wait before asking again for state that is not visible yet. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ServerExceptionMapper
    public Response query(QueryException e, UriInfo uri) {
        Response response = switch (e) {
            case QueryException.AccountNotFound x -> problem(404, "account-not-found", "Account not found", e, uri);
            case QueryException.NotYetVisible x -> Response.fromResponse(
                            problem(503, "not-yet-visible", "Not yet visible", e, uri))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
            case QueryException.InvalidQuery x -> problem(400, "validation", "Invalid request", e, uri);
        };
        return response;
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request rejected" : known.getReasonPhrase();
        return build(status, title.toLowerCase().replace(' ', '-'), title, e.getMessage(), uri, Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return build(500, "internal-error", "Internal error", "the query could not be answered", uri, Map.of());
    }

    private static Response problem(int status, String slug, String title, QueryException e, UriInfo uri) {
        return build(status, slug, title, e.getMessage(), uri, e.details());
    }

    private static Response build(int status, String slug, String title, String detail, UriInfo uri,
                                  Map<String, Object> details) {
        Problem body = new Problem(Problem.type(slug), title, status, detail, uri.getPath(), new HashMap<>(details));
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
