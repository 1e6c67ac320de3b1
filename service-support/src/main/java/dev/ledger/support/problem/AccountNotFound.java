package dev.ledger.support.problem;

import java.util.Map;

/**
 * No account has the id a request names, or the id is no UUID. Both services answer it alike: a
 * 404 with the id in {@code accountId}. The detail names where the account was looked for, since
 * the read model may not have projected an opening yet.
 */
public final class AccountNotFound extends ProblemException {

    /** @param lookedIn where the account was looked for, e.g. "the read model" */
    public AccountNotFound(String accountId, String lookedIn) {
        super(
                ProblemType.ACCOUNT_NOT_FOUND,
                "account " + accountId + " is not known to " + lookedIn,
                Map.of("accountId", accountId));
    }
}
