package dev.ledger.command.problem;

import static dev.ledger.command.problem.LedgerException.ACCOUNT_CLOSED;
import static dev.ledger.command.problem.LedgerException.ACCOUNT_NOT_EMPTY;
import static dev.ledger.command.problem.LedgerException.CURRENCY_MISMATCH;
import static dev.ledger.command.problem.LedgerException.IDEMPOTENCY_KEY_REUSED;
import static dev.ledger.command.problem.LedgerException.INSUFFICIENT_FUNDS;
import static dev.ledger.command.problem.LedgerException.PRECONDITION_FAILED;
import static dev.ledger.command.problem.LedgerException.TRANSFER_NOT_FOUND;
import static dev.ledger.command.problem.ProblemMapper.MALFORMED_REQUEST;
import static dev.ledger.command.problem.ProblemMapper.REQUEST_TOO_LARGE;

import dev.ledger.support.problem.ProblemDocumentation;
import dev.ledger.support.problem.ProblemResponses;
import dev.ledger.support.problem.ProblemType;
import dev.ledger.support.security.SecurityProblems;
import java.util.List;
import java.util.Map;

/**
 * The command API's errors in its OpenAPI document: an example of every problem type it answers
 * with (docs/command-api.md, "Errors"), shown under each operation that names the type, and the types all
 * commands share. Named in {@code mp.openapi.filter}.
 */
public class ProblemExamples extends ProblemDocumentation {

    /** Any command needs a token, can carry a bad Idempotency-Key or If-Match, reuse a key, or fail unexpectedly. */
    public static final String COMMAND =
            SecurityProblems.SECURED + ", validation, idempotency-key-reused, internal-error, service-unavailable";
    /** Any read needs a token, or fails unexpectedly. */
    public static final String READ = SecurityProblems.SECURED + ", internal-error, service-unavailable";
    /** A command with a JSON body can also be unreadable, too large, or of another media type. */
    public static final String JSON_COMMAND =
            COMMAND + ", malformed-request, request-too-large, unsupported-media-type";

    private static final String ACCOUNT_ID = "0b6f3c2e-5d1a-4f7e-9c3b-2a8d4e6f1b90";
    private static final String OTHER_ID = "7e2d9a41-c3b8-4e05-a6f1-5d0c8b3e2f17";
    private static final String ACCOUNT = "/accounts/" + ACCOUNT_ID;

    public ProblemExamples() {
        super(List.of(
                ProblemType.VALIDATION.problem(
                        "the request has 1 invalid field(s)",
                        "/accounts",
                        Map.of(
                                "errors",
                                List.of(Map.of(
                                        "field",
                                        "currency",
                                        "message",
                                        "must be an ISO 4217 currency code such as EUR")))),
                MALFORMED_REQUEST.problem(
                        "field 'amount' has the wrong type or format", ACCOUNT + "/deposits", Map.of()),
                ProblemType.ACCOUNT_NOT_FOUND.problem(
                        "account " + ACCOUNT_ID + " is not known to the ledger",
                        ACCOUNT + "/deposits",
                        Map.of("accountId", ACCOUNT_ID)),
                TRANSFER_NOT_FOUND.problem(
                        "transfer " + OTHER_ID + " does not exist", "/transfers/" + OTHER_ID, Map.of()),
                INSUFFICIENT_FUNDS.problem(
                        "account " + ACCOUNT_ID + " holds 500, less than the 800 requested",
                        ACCOUNT + "/withdrawals",
                        Map.of("accountId", ACCOUNT_ID, "balance", 500, "requested", 800)),
                CURRENCY_MISMATCH.problem(
                        "account " + ACCOUNT_ID + " holds EUR but account " + OTHER_ID + " holds USD",
                        "/transfers",
                        Map.of()),
                ACCOUNT_CLOSED.problem(
                        "account " + ACCOUNT_ID + " is closed and accepts no more commands",
                        ACCOUNT + "/deposits",
                        Map.of("accountId", ACCOUNT_ID)),
                ACCOUNT_NOT_EMPTY.problem(
                        "account " + ACCOUNT_ID + " still holds 250; only an empty account" + " can be closed",
                        ACCOUNT + "/closure",
                        Map.of()),
                PRECONDITION_FAILED.problem(
                        "account " + ACCOUNT_ID + " is at version 4, not the expected 3",
                        ACCOUNT + "/withdrawals",
                        Map.of("currentVersion", 4)),
                REQUEST_TOO_LARGE.problem(
                        "the body has 20000 bytes; at most 16384 are accepted", "/transfers", Map.of()),
                ProblemResponses.rejection(415, "HTTP 415 Unsupported Media Type", "/accounts"),
                IDEMPOTENCY_KEY_REUSED.problem(
                        "Idempotency-Key 'salary-2026-11' was already used with a different" + " request",
                        ACCOUNT + "/deposits",
                        Map.of()),
                ProblemType.INTERNAL_ERROR.problem(
                        "the request could not be completed; it is safe to retry with" + " the same Idempotency-Key",
                        "/transfers",
                        Map.of()),
                ProblemType.SERVICE_UNAVAILABLE.problem(
                        "the request could not be completed; it is safe to retry with" + " the same Idempotency-Key",
                        "/transfers",
                        Map.of())));
    }
}
