package dev.ledger.command.account;

import dev.ledger.command.problem.LedgerException.AccountIsClosed;
import dev.ledger.command.problem.LedgerException.AccountNotEmpty;
import dev.ledger.command.problem.LedgerException.CurrencyMismatch;
import dev.ledger.command.problem.LedgerException.InsufficientFunds;
import dev.ledger.command.problem.LedgerException.StaleVersion;
import dev.ledger.contracts.AccountClosed;
import dev.ledger.contracts.AccountId;
import dev.ledger.contracts.AccountOpened;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.MoneyWithdrawn;
import dev.ledger.contracts.TransferId;
import dev.ledger.contracts.TransferReceived;
import dev.ledger.contracts.TransferSent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One account of the write model, and the ledger's rules for it. Every change raises the version
 * by one and returns the event that describes it; the caller writes both in one transaction.
 *
 * <p>Columns name their table types where a String would map to another (text, char(3)): the
 * tests check this mapping against the migrations, and dev mode after every start.
 */
@Entity
@Table(name = "account")
public class Account {

    @Id
    private UUID id;

    @Column(columnDefinition = "text")
    private String owner;
    // char(3) in the table (an ISO 4217 code), not the varchar a String maps to by default
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    private long balance;

    @Column(columnDefinition = "text")
    @Enumerated(EnumType.STRING)
    private AccountStatus status;

    private long version;
    private Instant openedAt;
    private Instant updatedAt;

    protected Account() {}

    public static Account open(String owner, String currency, Instant at) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.owner = owner;
        account.currency = currency;
        account.status = AccountStatus.OPEN;
        account.version = 1;
        account.openedAt = at;
        account.updatedAt = at;
        return account;
    }

    public AccountOpened opened() {
        return new AccountOpened(UUID.randomUUID(), accountId(), 1, openedAt, owner, currency);
    }

    /** Fails unless no version is expected or the expected one is the current version. */
    public void expectVersion(OptionalLong expected) {
        if (expected.isPresent() && expected.getAsLong() != version) {
            throw new StaleVersion(id, expected.getAsLong(), version);
        }
    }

    public MoneyDeposited deposit(long amount, String reference, Instant at) {
        requireOpen();
        credit(amount, at);
        return new MoneyDeposited(UUID.randomUUID(), accountId(), version, at, amount, currency, balance, reference);
    }

    public MoneyWithdrawn withdraw(long amount, String reference, Instant at) {
        requireOpen();
        debit(amount, at);
        return new MoneyWithdrawn(UUID.randomUUID(), accountId(), version, at, amount, currency, balance, reference);
    }

    /** Checks every rule for both sides before changing either, so a refused transfer changes nothing. */
    public TransferSent sendTo(Account recipient, TransferId transferId, long amount, String reference, Instant at) {
        requireOpen();
        recipient.requireOpen();
        if (!currency.equals(recipient.currency)) {
            throw new CurrencyMismatch(id, currency, recipient.id, recipient.currency);
        }
        debit(amount, at);
        return new TransferSent(
                UUID.randomUUID(),
                accountId(),
                version,
                at,
                transferId,
                recipient.accountId(),
                amount,
                currency,
                balance,
                reference);
    }

    public TransferReceived receiveFrom(
            Account sender, TransferId transferId, long amount, String reference, Instant at) {
        requireOpen();
        credit(amount, at);
        return new TransferReceived(
                UUID.randomUUID(),
                accountId(),
                version,
                at,
                transferId,
                sender.accountId(),
                amount,
                currency,
                balance,
                reference);
    }

    public AccountClosed close(Instant at) {
        requireOpen();
        if (balance != 0) {
            throw new AccountNotEmpty(id, balance);
        }
        status = AccountStatus.CLOSED;
        touch(at);
        return new AccountClosed(UUID.randomUUID(), accountId(), version, at);
    }

    private void credit(long amount, Instant at) {
        balance = Math.addExact(balance, amount);
        touch(at);
    }

    private void debit(long amount, Instant at) {
        if (amount > balance) {
            throw new InsufficientFunds(id, balance, amount);
        }
        balance -= amount;
        touch(at);
    }

    private void touch(Instant at) {
        version++;
        updatedAt = at;
    }

    private void requireOpen() {
        if (status != AccountStatus.OPEN) {
            throw new AccountIsClosed(id);
        }
    }

    /** The account as the command API returns it. */
    AccountView toView() {
        return new AccountView(id, owner, currency, balance, status, version);
    }

    public AccountId accountId() {
        return new AccountId(id);
    }

    public UUID id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public String currency() {
        return currency;
    }

    public long balance() {
        return balance;
    }

    public long version() {
        return version;
    }
}
