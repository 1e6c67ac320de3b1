package dev.ledger.command.account;

public enum AccountStatus {
    OPEN,
    CLOSED
}
