package dev.ledger.command.transfer;

import dev.ledger.command.account.Account;
import java.util.UUID;

public record TransferView(UUID transferId, Side from, Side to) {

    /** One account's state after the transfer. */
    public record Side(UUID id, long balance, long version) {

        static Side of(Account account) {
            return new Side(account.id(), account.balance(), account.version());
        }
    }
}
