package dev.ledger.jobs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobRun;
import dev.ledger.jobs.Ledger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconcileIT {

    @BeforeAll
    static void startServices() throws Exception {
        Ledger.start();
    }

    @Test
    void shouldExitZeroOnAConsistentLedgerAndThreeWithTheTamperedAccountListed() throws Exception {
        UUID alice = Ledger.open("reconcile-alice", "PLN");
        UUID bob = Ledger.open("reconcile-bob", "PLN");
        Ledger.deposit(alice, 500);
        long[] versions = Ledger.transfer(alice, bob, 200);
        Ledger.awaitQuery(alice, versions[0]);
        Ledger.awaitQuery(bob, versions[1]);

        JobRun.Result consistent = JobRun.run("reconcile", "--settle", "5s");
        assertEquals(ExitCodes.OK, consistent.exitCode(), consistent.out() + consistent.err());
        assertTrue(consistent.out().startsWith("reconcile: CONSISTENT"), consistent.out());

        try (Connection read = SharedStack.get().postgres().connect(LocalStack.QUERY_DATABASE)) {
            tamper(read, bob, 7);
            try {
                JobRun.Result drift = JobRun.run("reconcile", "--settle", "1s");
                assertEquals(ExitCodes.DRIFT, drift.exitCode(), drift.out() + drift.err());
                JsonNode summary = json(drift.out());
                assertEquals("DRIFT", summary.get("status").asText());
                assertEquals(1, summary.get("drift").size(), summary.toString());
                assertEquals(
                        bob.toString(),
                        summary.get("drift").get(0).get("accountId").asText());
                assertEquals(
                        "PLN",
                        summary.get("differingTotals").get(0).get("currency").asText());
                assertEquals(
                        "DRIFT",
                        summary.get("differingTotals").get(0).get("status").asText());
            } finally {
                tamper(read, bob, -7);
            }
        }
    }

    @Test
    void shouldReportAccountsWithEventsInFlightAsLagNotDrift() throws Exception {
        UUID account = Ledger.open("reconcile-lag", "PLN");
        Ledger.awaitQuery(account, 1);
        try (Ledger.PausedRelay relay = Ledger.pauseRelay()) {
            Ledger.deposit(account, 30);
            JobRun.Result lag = JobRun.run("reconcile", "--settle", "1s");
            assertEquals(ExitCodes.OK, lag.exitCode(), lag.out() + lag.err());
            JsonNode summary = json(lag.out());
            assertEquals("LAG", summary.get("status").asText(), summary.toString());
            assertEquals(
                    account.toString(),
                    summary.get("lag").get(0).get("accountId").asText());
        }
        Ledger.awaitQuery(account, 2);
    }

    /** Changes one account's balance in the read model, and the currency's total with it. */
    private static void tamper(Connection read, UUID account, long delta) throws Exception {
        try (PreparedStatement update =
                        read.prepareStatement("UPDATE account_summary SET balance = balance + ? WHERE id = ?");
                PreparedStatement total = read.prepareStatement(
                        "UPDATE currency_total SET total_balance = total_balance + ? WHERE currency = 'PLN'")) {
            update.setLong(1, delta);
            update.setObject(2, account);
            assertEquals(1, update.executeUpdate());
            total.setLong(1, delta);
            assertEquals(1, total.executeUpdate());
        }
    }

    /** The JSON summary printed after the one-line status. */
    private static JsonNode json(String out) throws Exception {
        return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    }
}
