package dev.ledger.command.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.Problem;
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
    static final ProblemType TRANSFER_NOT_FOUND = new ProblemType(404, "transfer-not-found", "Transfer not found");
    static final ProblemType INSUFFICIENT_FUNDS = new ProblemType(409, "insufficient-funds", "Insufficient funds");
    static final ProblemType CURRENCY_MISMATCH = new ProblemType(409, "currency-mismatch", "Currency mismatch");
    static final ProblemType ACCOUNT_CLOSED = new ProblemType(409, "account-closed", "Account closed");
    static final ProblemType ACCOUNT_NOT_EMPTY = new ProblemType(409, "account-not-empty", "Account not empty");
    static final ProblemType PRECONDITION_FAILED = new ProblemType(412, "precondition-failed", "Precondition failed");
    static final ProblemType REQUEST_TOO_LARGE = new ProblemType(413, "request-too-large", "Request too large");
    static final ProblemType IDEMPOTENCY_KEY_REUSED =
            new ProblemType(422, "idempotency-key-reused", "Idempotency key reused");

    private final RefusedCommands refused;

    public ProblemMapper(RefusedCommands refused) {
        this.refused = refused;
    }

    @ServerExceptionMapper
    public Response ledgerRule(LedgerException e, UriInfo uri, ContainerRequestContext request) {
        Problem problem = problemFor(e, uri.getPath());
        if (!HttpMethod.GET.equals(request.getMethod())) {
            refused.refused(typeOf(e));
        }
        return ProblemResponses.of(problem);
    }

    /** The problem a broken rule is answered with; also what an Idempotency-Key replays. */
    public static Problem problemFor(LedgerException e, String path) {
        return typeOf(e).problem(e, path);
    }

    private static ProblemType typeOf(LedgerException e) {
        return switch (e) {
            case LedgerException.AccountNotFound x -> ProblemType.ACCOUNT_NOT_FOUND;
            case LedgerException.TransferNotFound x -> TRANSFER_NOT_FOUND;
            case LedgerException.InsufficientFunds x -> INSUFFICIENT_FUNDS;
            case LedgerException.CurrencyMismatch x -> CURRENCY_MISMATCH;
            case LedgerException.AccountIsClosed x -> ACCOUNT_CLOSED;
            case LedgerException.AccountNotEmpty x -> ACCOUNT_NOT_EMPTY;
            case LedgerException.StaleVersion x -> PRECONDITION_FAILED;
            case LedgerException.IdempotencyKeyReused x -> IDEMPOTENCY_KEY_REUSED;
            case LedgerException.InvalidCommand x -> ProblemType.VALIDATION;
        };
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
