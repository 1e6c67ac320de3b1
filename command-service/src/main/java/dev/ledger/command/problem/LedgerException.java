package dev.ledger.command.problem;

import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.ProblemException;
import dev.ledger.support.problem.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command broke one of the ledger's rules. Each subclass is one rule and carries its problem
 * type; nothing was written when one is thrown. An unknown account is the problem both services
 * share, {@link dev.ledger.support.problem.AccountNotFound}.
 */
public abstract sealed class LedgerException extends ProblemException {

    public static final ProblemType TRANSFER_NOT_FOUND =
            new ProblemType(404, "transfer-not-found", "Transfer not found");
    public static final ProblemType INSUFFICIENT_FUNDS =
            new ProblemType(409, "insufficient-funds", "Insufficient funds");
    public static final ProblemType CURRENCY_MISMATCH = new ProblemType(409, "currency-mismatch", "Currency mismatch");
    public static final ProblemType ACCOUNT_CLOSED = new ProblemType(409, "account-closed", "Account closed");
    public static final ProblemType ACCOUNT_NOT_EMPTY = new ProblemType(409, "account-not-empty", "Account not empty");
    public static final ProblemType PRECONDITION_FAILED =
            new ProblemType(412, "precondition-failed", "Precondition failed");
    public static final ProblemType IDEMPOTENCY_KEY_REUSED =
            new ProblemType(422, "idempotency-key-reused", "Idempotency key reused");

    private LedgerException(ProblemType type, String message, Map<String, Object> details) {
        super(type, message, details);
    }

    public static final class TransferNotFound extends LedgerException {
        public TransferNotFound(String transferId) {
            super(TRANSFER_NOT_FOUND, "transfer " + transferId + " does not exist", Map.of());
        }
    }

    public static final class InsufficientFunds extends LedgerException {
        public InsufficientFunds(UUID accountId, long balance, long requested) {
            super(
                    INSUFFICIENT_FUNDS,
                    "account " + accountId + " holds " + balance + ", less than the " + requested + " requested",
                    Map.of("accountId", accountId, "balance", balance, "requested", requested));
        }
    }

    public static final class CurrencyMismatch extends LedgerException {
        public CurrencyMismatch(UUID from, String fromCurrency, UUID to, String toCurrency) {
            super(
                    CURRENCY_MISMATCH,
                    "account " + from + " holds " + fromCurrency + " but account " + to + " holds " + toCurrency,
                    Map.of());
        }
    }

    public static final class AccountIsClosed extends LedgerException {
        public AccountIsClosed(UUID accountId) {
            super(
                    ACCOUNT_CLOSED,
                    "account " + accountId + " is closed and accepts no more commands",
                    Map.of("accountId", accountId));
        }
    }

    public static final class AccountNotEmpty extends LedgerException {
        public AccountNotEmpty(UUID accountId, long balance) {
            super(
                    ACCOUNT_NOT_EMPTY,
                    "account " + accountId + " still holds " + balance + "; only an empty account can be closed",
                    Map.of());
        }
    }

    public static final class StaleVersion extends LedgerException {
        public StaleVersion(UUID accountId, long expectedVersion, long currentVersion) {
            super(
                    PRECONDITION_FAILED,
                    "account " + accountId + " is at version " + currentVersion + ", not the expected "
                            + expectedVersion,
                    Map.of("currentVersion", currentVersion));
        }
    }

    public static final class IdempotencyKeyReused extends LedgerException {
        public IdempotencyKeyReused(String key) {
            super(
                    IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + key + "' was already used with a different request",
                    Map.of());
        }
    }

    /** A request that is well-formed JSON but breaks a rule of its own fields. */
    public static final class InvalidCommand extends LedgerException {
        private final List<FieldError> errors;

        public InvalidCommand(List<FieldError> errors) {
            super(
                    ProblemType.VALIDATION,
                    "the request has " + errors.size() + " invalid field(s)",
                    Map.of("errors", List.copyOf(errors)));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }
}
