package dev.ledger.command.config;

/** Amounts are integers in minor units (cents); this is the largest one a command may carry. */
public final class Amounts {

    public static final long MAX = 1_000_000_000_000L;

    private Amounts() {}
}
