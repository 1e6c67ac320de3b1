package dev.ledger.support.security;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who sent a request, as its verified bearer token says: the subject, the owner it acts for, and
 * whether it is an admin, who may act on any owner's accounts.
 */
public record Caller(String subject, boolean admin) {

    /** The caller of a request that passed its {@code @RolesAllowed} check. */
    public static Caller of(SecurityContext security) {
        if (!(security.getUserPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            throw new ForbiddenException("the bearer token names no subject");
        }
        return new Caller(token.getSubject(), security.isUserInRole(LedgerRoles.ADMIN));
    }

    /** Refuses (403) unless the caller is the owner or an admin. */
    public void mayActFor(String owner) {
        if (!admin && !subject.equals(owner)) {
            throw new ForbiddenException("the bearer token's subject is not the account's owner");
        }
    }
}
