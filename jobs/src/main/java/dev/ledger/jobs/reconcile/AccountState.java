package dev.ledger.jobs.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** One account as one side of the ledger records it. */
public record AccountState(UUID id, String currency, long balance, long version, String status) {

    /** A row of either side's account view (see ReconcileCommand). */
    static AccountState of(ResultSet row) throws SQLException {
        return new AccountState(
                row.getObject("id", UUID.class),
                row.getString("currency"),
                row.getLong("balance"),
                row.getLong("version"),
                row.getString("status"));
    }
}
