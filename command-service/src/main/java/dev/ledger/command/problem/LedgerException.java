package dev.ledger.command.problem;

import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command broke one of the ledger's rules. Each subclass is one rule and becomes one problem
 * type (see {@link ProblemMapper}); nothing was written when one is thrown.
 */
public abstract sealed class LedgerException extends ProblemException {

    private LedgerException(String message, Map<String, Object> details) {
        super(message, details);
    }

    public static final class AccountNotFound extends LedgerException {
        public AccountNotFound(String accountId) {
            super("account " + accountId + " does not exist", Map.of("accountId", accountId));
        }
    }

    public static final class TransferNotFound extends LedgerException {
        public TransferNotFound(String transferId) {
            super("transfer " + transferId + " does not exist", Map.of());
        }
    }

    public static final class InsufficientFunds extends LedgerException {
        public InsufficientFunds(UUID accountId, long balance, long requested) {
            super(
                    "account " + accountId + " holds " + balance + ", less than the " + requested + " requested",
                    Map.of("accountId", accountId, "balance", balance, "requested", requested));
        }
    }

    public static final class CurrencyMismatch extends LedgerException {
        public CurrencyMismatch(UUID from, String fromCurrency, UUID to, String toCurrency) {
            super(
                    "account " + from + " holds " + fromCurrency + " but account " + to + " holds " + toCurrency,
                    Map.of());
        }
    }

    public static final class AccountIsClosed extends LedgerException {
        public AccountIsClosed(UUID accountId) {
            super("account " + accountId + " is closed and accepts no more commands", Map.of("accountId", accountId));
        }
    }

    public static final class AccountNotEmpty extends LedgerException {
        public AccountNotEmpty(UUID accountId, long balance) {
            super(
                    "account " + accountId + " still holds " + balance + "; only an empty account can be closed",
                    Map.of());
        }
    }

    public static final class StaleVersion extends LedgerException {
        public StaleVersion(UUID accountId, long expectedVersion, long currentVersion) {
            super(
                    "account " + accountId + " is at version " + currentVersion + ", not the expected "
                            + expectedVersion,
                    Map.of("currentVersion", currentVersion));
        }
    }

    public static final class IdempotencyKeyReused extends LedgerException {
        public IdempotencyKeyReused(String key) {
            super("Idempotency-Key '" + key + "' was already used with a different request", Map.of());
        }
    }

    /** A request that is well-formed JSON but breaks a rule of its own fields. */
    public static final class InvalidCommand extends LedgerException {
        private final List<FieldError> errors;

        public InvalidCommand(List<FieldError> errors) {
            super("the request has " + errors.size() + " invalid field(s)", Map.of("errors", List.copyOf(errors)));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }
}
