package dev.ledger.jobs;

/** The documented exit codes of every job (see {@code ledger-jobs --help}). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int DRIFT = 3;
    public static final int BUSY = 4;

    private ExitCodes() {}
}
