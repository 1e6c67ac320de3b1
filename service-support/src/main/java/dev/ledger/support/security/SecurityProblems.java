package dev.ledger.support.security;

import dev.ledger.support.problem.Problem;
import dev.ledger.support.problem.ProblemResponses;
import dev.ledger.support.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a refused caller with a problem: 401 with the {@code WWW-Authenticate} challenge of RFC
 * 6750 when the bearer token is missing or does not verify (expired, another issuer or audience, a
 * signature no published key makes), 403 when the token is good but its roles or subject do not
 * allow the request. Authentication is lazy ({@code quarkus.http.auth.proactive=false}), so these
 * failures reach the resource layer, where these mappers take the place of Quarkus's empty answers.
 */
public class SecurityProblems {

    /** What every operation that needs a token adds to its problem types (x-problem-types). */
    public static final String SECURED = "unauthorized, forbidden";

    static final String CHALLENGE = "Bearer realm=\"ledger\"";
    private static final String MISSING = "a bearer token is required (Authorization: Bearer <token>)";
    private static final String NOT_VALID = "the bearer token is not valid: expired, not signed by the identity"
            + " provider, or for another issuer or audience";
    private static final String NOT_ALLOWED = "the bearer token's roles do not allow this request";

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e, UriInfo uri) {
        return unauthorized(MISSING, CHALLENGE, uri);
    }

    @ServerExceptionMapper
    public Response notValid(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(NOT_VALID, CHALLENGE + ", error=\"invalid_token\"", uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? NOT_ALLOWED : e.getMessage();
        return ProblemResponses.of(ProblemType.FORBIDDEN.problem(detail, uri.getPath(), Map.of()));
    }

    private static Response unauthorized(String detail, String challenge, UriInfo uri) {
        return Response.fromResponse(
                        ProblemResponses.of(ProblemType.UNAUTHORIZED.problem(detail, uri.getPath(), Map.of())))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    /** An example of each problem above, for the API documentation (ProblemDocumentation). */
    public static List<Problem> examples() {
        return List.of(
                ProblemType.UNAUTHORIZED.problem(MISSING, "/accounts", Map.of()),
                ProblemType.FORBIDDEN.problem(NOT_ALLOWED, "/accounts", Map.of()));
    }
}
