package dev.ledger.command.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.ProblemException;
import dev.ledger.support.problem.ProblemResponses;
import dev.ledger.support.problem.ProblemType;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.StringJoiner;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into an RFC 9457 problem; a client never sees a stack trace or a class name. */
public class ProblemMapper {

    static final ProblemType MALFORMED_REQUEST = new ProblemType(400, "malformed-request", "Malformed request");
    static final ProblemType REQUEST_TOO_LARGE = new ProblemType(413, "request-too-large", "Request too large");

    private final RefusedCommands refused;

    public ProblemMapper(RefusedCommands refused) {
        this.refused = refused;
    }

    /** A broken rule or an unknown account, answered with its problem type; a refused command is counted. */
    @ServerExceptionMapper
    public Response ledgerRule(ProblemException e, UriInfo uri, ContainerRequestContext request) {
        if (!HttpMethod.GET.equals(request.getMethod())) {
            refused.refused(e.type());
        }
        return ProblemResponses.of(e.problem(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response invalidFields(ConstraintViolationException e, UriInfo uri, ContainerRequestContext request) {
        return ledgerRule(new LedgerException.InvalidCommand(FieldError.of(e)), uri, request);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String detail = switch (e) {
            case UnrecognizedPropertyException u -> "unknown field '" + u.getPropertyName() + "'";
            case JsonParseException p
            when p.getOriginalMessage().startsWith("Duplicate field") -> "a field appears more than once";
            case InvalidFormatException f -> "field '" + path(f) + "' has the wrong type or format";
            case MismatchedInputException m when !m.getPath().isEmpty() -> "field '" + path(m) + "' has the wrong type";
            default -> "the body is not valid JSON for this request";
        };
        return malformed(detail, uri);
    }

    /** Declared for its own type because Quarkus ships a mapper for it that would otherwise win. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    /** Errors the HTTP layer raises itself: unknown path (404), method (405), media type (415). */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        if (status == 400) {
            return malformed("the body could not be read", uri);
        }
        return ProblemResponses.rejected(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return ProblemResponses.unexpected(
                e,
                uri.getPath(),
                "the request could not be completed; it is safe to retry with the same Idempotency-Key");
    }

    private static Response malformed(String detail, UriInfo uri) {
        return ProblemResponses.of(MALFORMED_REQUEST.problem(detail, uri.getPath(), Map.of()));
    }

    private static String path(MismatchedInputException e) {
        StringJoiner path = new StringJoiner(".");
        e.getPath()
                .forEach(reference -> path.add(
                        reference.getFieldName() != null
                                ? reference.getFieldName()
                                : String.valueOf(reference.getIndex())));
        return path.toString();
    }
}
