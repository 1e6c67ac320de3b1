package dev.ledger.command.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.Problem;
import dev.ledger.support.problem.ProblemResponses;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.StringJoiner;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into an RFC 9457 problem; a client never sees a stack trace or a class name. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response ledgerRule(LedgerException e, UriInfo uri) {
        return ProblemResponses.of(problemFor(e, uri.getPath()));
    }

    /** The problem a broken rule is answered with; also what an Idempotency-Key replays. */
    public static Problem problemFor(LedgerException e, String path) {
        record Kind(int status, String slug, String title) {
        }
        Kind kind = switch (e) {
            case LedgerException.AccountNotFound x -> new Kind(404, "account-not-found", "Account not found");
            case LedgerException.TransferNotFound x -> new Kind(404, "transfer-not-found", "Transfer not found");
            case LedgerException.InsufficientFunds x -> new Kind(409, "insufficient-funds", "Insufficient funds");
            case LedgerException.CurrencyMismatch x -> new Kind(409, "currency-mismatch", "Currency mismatch");
            case LedgerException.AccountIsClosed x -> new Kind(409, "account-closed", "Account closed");
            case LedgerException.AccountNotEmpty x -> new Kind(409, "account-not-empty", "Account not empty");
            case LedgerException.StaleVersion x -> new Kind(412, "precondition-failed", "Precondition failed");
            case LedgerException.IdempotencyKeyReused x ->
                    new Kind(422, "idempotency-key-reused", "Idempotency key reused");
            case LedgerException.InvalidCommand x -> new Kind(400, "validation", "Invalid request");
        };
        return new Problem(Problem.type(kind.slug()), kind.title(), kind.status(), e.getMessage(), path, e.details());
    }

    @ServerExceptionMapper
    public Response invalidFields(ConstraintViolationException e, UriInfo uri) {
        return ledgerRule(new LedgerException.InvalidCommand(FieldError.of(e)), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String detail = switch (e) {
            case UnrecognizedPropertyException u -> "unknown field '" + u.getPropertyName() + "'";
            case InvalidFormatException f -> "field '" + path(f) + "' has the wrong type or format";
            case MismatchedInputException m when !m.getPath().isEmpty() ->
                    "field '" + path(m) + "' has the wrong type";
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
        return ProblemResponses.unexpected(e, uri.getPath(),
                "the request could not be completed; it is safe to retry with the same Idempotency-Key");
    }

    private static Response malformed(String detail, UriInfo uri) {
        return ProblemResponses.of(400, "malformed-request", "Malformed request", detail, uri.getPath(), Map.of());
    }

    private static String path(MismatchedInputException e) {
        StringJoiner path = new StringJoiner(".");
        e.getPath().forEach(reference -> path.add(reference.getFieldName() != null
                ? reference.getFieldName() : String.valueOf(reference.getIndex())));
        return path.toString();
    }
}
