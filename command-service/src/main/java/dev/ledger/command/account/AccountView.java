package dev.ledger.command.account;

import java.util.UUID;

/** The write model's view of an account, as the command API returns it. */
public record AccountView(UUID id, String owner, String currency, long balance, AccountStatus status, long version) {

    public static AccountView of(Account account) {
        return new AccountView(account.id(), account.owner(), account.currency(), account.balance(),
                account.status(), account.version());
    }
}
