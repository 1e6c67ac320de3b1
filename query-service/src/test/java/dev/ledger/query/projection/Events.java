package dev.ledger.query.projection;

import dev.ledger.contracts.AccountClosed;
import dev.ledger.contracts.AccountId;
import dev.ledger.contracts.AccountOpened;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.MoneyWithdrawn;
import dev.ledger.contracts.TransferId;
import dev.ledger.contracts.TransferReceived;
import dev.ledger.contracts.TransferSent;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.TestCurrencies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/** Builds a consistent run of events for one account, as the command side would emit them. */
public final class Events {

    private final AccountId account = AccountId.random();
    private final String currency;
    private long version;
    private long balance;

    private Events(String currency) {
        this.currency = currency;
    }

    /** A currency code no other test uses, so per-currency totals can be checked exactly. */
    public static String uniqueCurrency() {
        return TestCurrencies.next();
    }

    public static Events forAccount(String currency) {
        return new Events(currency);
    }

    public AccountId id() {
        return account;
    }

    /** The partition of the events topic this account's events go to: the producer's own choice by key. */
    public int partition() {
        byte[] key = account.toString().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % LocalStack.EVENT_PARTITIONS;
    }

    public AccountOpened opened(String owner) {
        version = 1;
        return new AccountOpened(UUID.randomUUID(), account, version, now(), owner, currency);
    }

    public MoneyDeposited deposited(long amount) {
        balance += amount;
        return new MoneyDeposited(UUID.randomUUID(), account, ++version, now(), amount, currency, balance, "test");
    }

    public MoneyWithdrawn withdrawn(long amount) {
        balance -= amount;
        return new MoneyWithdrawn(UUID.randomUUID(), account, ++version, now(), amount, currency, balance, null);
    }

    public TransferSent sent(TransferId transfer, AccountId to, long amount) {
        balance -= amount;
        return new TransferSent(
                UUID.randomUUID(), account, ++version, now(), transfer, to, amount, currency, balance, "t");
    }

    public TransferReceived received(TransferId transfer, AccountId from, long amount) {
        balance += amount;
        return new TransferReceived(
                UUID.randomUUID(), account, ++version, now(), transfer, from, amount, currency, balance, "t");
    }

    public AccountClosed closed() {
        return new AccountClosed(UUID.randomUUID(), account, ++version, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
