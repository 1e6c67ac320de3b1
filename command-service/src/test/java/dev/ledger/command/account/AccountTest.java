package dev.ledger.command.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ledger.command.problem.LedgerException;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.TransferId;
import dev.ledger.contracts.TransferSent;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AccountTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static Account opened(String currency, long balance) {
        Account account = Account.open("alice", currency, NOW);
        if (balance > 0) {
            account.deposit(balance, "seed", NOW);
        }
        return account;
    }

    @Test
    void shouldRaiseTheVersionByOneWithEveryChange() {
        Account account = Account.open("alice", "EUR", NOW);
        assertEquals(1, account.opened().version());
        MoneyDeposited deposited = account.deposit(1000, "salary", NOW);
        assertEquals(2, deposited.version());
        assertEquals(1000, deposited.balanceAfter());
        assertEquals(3, account.withdraw(400, null, NOW).version());
        assertEquals(600, account.balance());
    }

    @Test
    void shouldRejectWithdrawalWhenFundsInsufficient() {
        Account account = opened("EUR", 100);
        assertThrows(LedgerException.InsufficientFunds.class, () -> account.withdraw(101, null, NOW));
        assertEquals(100, account.balance());
        assertEquals(2, account.version());
    }

    @Test
    void shouldRejectTransferBetweenCurrencies() {
        Account from = opened("EUR", 500);
        Account to = opened("USD", 0);
        assertThrows(
                LedgerException.CurrencyMismatch.class, () -> from.sendTo(to, TransferId.random(), 100, null, NOW));
        assertEquals(500, from.balance());
    }

    @Test
    void shouldRejectTransferToClosedAccountWithoutDebitingTheSender() {
        Account from = opened("EUR", 500);
        Account to = opened("EUR", 0);
        to.close(NOW);
        assertThrows(LedgerException.AccountIsClosed.class, () -> from.sendTo(to, TransferId.random(), 100, null, NOW));
        assertEquals(500, from.balance());
        assertEquals(2, from.version());
    }

    @Test
    void shouldDescribeBothSidesOfATransfer() {
        Account from = opened("EUR", 500);
        Account to = opened("EUR", 0);
        TransferId id = TransferId.random();
        TransferSent sent = from.sendTo(to, id, 200, "rent", NOW);
        var received = to.receiveFrom(from, id, 200, "rent", NOW);
        assertEquals(300, sent.balanceAfter());
        assertEquals(to.accountId(), sent.counterpartyId());
        assertEquals(200, received.balanceAfter());
        assertEquals(from.accountId(), received.counterpartyId());
        assertEquals(id, received.transferId());
    }

    @Test
    void shouldCloseOnlyAnEmptyAccountAndThenRefuseEverything() {
        Account account = opened("EUR", 10);
        assertThrows(LedgerException.AccountNotEmpty.class, () -> account.close(NOW));
        account.withdraw(10, null, NOW);
        account.close(NOW);
        assertEquals(AccountStatus.CLOSED, account.toView().status());
        assertThrows(LedgerException.AccountIsClosed.class, () -> account.deposit(1, null, NOW));
        assertThrows(LedgerException.AccountIsClosed.class, () -> account.close(NOW));
    }

    @Test
    void shouldAcceptOnlyTheCurrentVersionWhenOneIsExpected() {
        Account account = opened("EUR", 10);
        account.expectVersion(OptionalLong.of(2));
        account.expectVersion(OptionalLong.empty());
        assertThrows(LedgerException.StaleVersion.class, () -> account.expectVersion(OptionalLong.of(1)));
        assertThrows(LedgerException.StaleVersion.class, () -> account.expectVersion(OptionalLong.of(3)));
    }

    @Test
    void shouldNameTheCurrentVersionWhenTheExpectedOneIsStale() {
        Account account = opened("EUR", 10);
        LedgerException.StaleVersion stale =
                assertThrows(LedgerException.StaleVersion.class, () -> account.expectVersion(OptionalLong.of(1)));
        assertEquals(Map.of("currentVersion", 2L), stale.details(), "what the 412 problem tells the client");
    }
}
