package dev.ledger.command.problem;

import dev.ledger.support.problem.FieldError;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command broke one of the ledger's rules. Each subclass is one rule and becomes one problem
 * type (see {@link ProblemMapper}); nothing was written when one is thrown.
 */
public abstract sealed class LedgerException extends RuntimeException {

    private LedgerException(String message) {
        super(message, null, false, false);
    }

    /** Details a client can act on, added to the problem body. */
    public Map<String, Object> details() {
        return Map.of();
    }

    public static final class AccountNotFound extends LedgerException {
        private final String accountId;

        public AccountNotFound(String accountId) {
            super("account " + accountId + " does not exist");
            this.accountId = accountId;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("accountId", accountId);
        }
    }

    public static final class TransferNotFound extends LedgerException {
        public TransferNotFound(String transferId) {
            super("transfer " + transferId + " does not exist");
        }
    }

    public static final class InsufficientFunds extends LedgerException {
        private final UUID accountId;
        private final long balance;
        private final long requested;

        public InsufficientFunds(UUID accountId, long balance, long requested) {
            super("account " + accountId + " holds " + balance + ", less than the " + requested + " requested");
            this.accountId = accountId;
            this.balance = balance;
            this.requested = requested;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("accountId", accountId, "balance", balance, "requested", requested);
        }
    }

    public static final class CurrencyMismatch extends LedgerException {
        public CurrencyMismatch(UUID from, String fromCurrency, UUID to, String toCurrency) {
            super("account " + from + " holds " + fromCurrency + " but account " + to + " holds " + toCurrency);
        }
    }

    public static final class AccountIsClosed extends LedgerException {
        private final UUID accountId;

        public AccountIsClosed(UUID accountId) {
            super("account " + accountId + " is closed and accepts no more commands");
            this.accountId = accountId;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("accountId", accountId);
        }
    }

    public static final class AccountNotEmpty extends LedgerException {
        public AccountNotEmpty(UUID accountId, long balance) {
            super("account " + accountId + " still holds " + balance + "; only an empty account can be closed");
        }
    }

    public static final class StaleVersion extends LedgerException {
        private final long currentVersion;

        public StaleVersion(UUID accountId, long expectedVersion, long currentVersion) {
            super("account " + accountId + " is at version " + currentVersion + ", not the expected "
                    + expectedVersion);
            this.currentVersion = currentVersion;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("currentVersion", currentVersion);
        }
    }

    public static final class IdempotencyKeyReused extends LedgerException {
        public IdempotencyKeyReused(String key) {
            super("Idempotency-Key '" + key + "' was already used with a different request");
        }
    }

    /** A request that is well-formed JSON but breaks a rule of its own fields. */
    public static final class InvalidCommand extends LedgerException {
        private final List<FieldError> errors;

        public InvalidCommand(List<FieldError> errors) {
            super("the request has " + errors.size() + " invalid field(s)");
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of("errors", errors);
        }
    }
}
