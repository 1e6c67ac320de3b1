package dev.ledger.support.security;

/**
 * The roles a bearer token carries in its {@code groups} claim, as the identity provider grants
 * them (docs/security.md, "Roles"). The token's subject is the owner it acts for.
 */
public final class LedgerRoles {

    /** Sends commands on the accounts its subject owns. */
    public static final String WRITER = "ledger-writer";
    /** Reads the accounts its subject owns. */
    public static final String READER = "ledger-reader";
    /** Acts on and reads any account, closes accounts, reads the totals. */
    public static final String ADMIN = "ledger-admin";

    private LedgerRoles() {}
}
