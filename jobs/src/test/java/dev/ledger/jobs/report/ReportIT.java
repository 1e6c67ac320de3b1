package dev.ledger.jobs.report;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountId;
import dev.ledger.contracts.AccountOpened;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.MoneyWithdrawn;
import dev.ledger.contracts.TransferId;
import dev.ledger.contracts.TransferReceived;
import dev.ledger.contracts.TransferSent;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TestCurrencies;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobRun;
import dev.ledger.jobs.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed day of a currency no other test uses. The command side stamps an event with the moment it
 * handles the command, so a day in the past can only be written as events with chosen times,
 * published as the relay would publish them; that day has movements at its first and its last
 * microsecond, the days around it one movement each. The report for that day must hold exactly
 * that day's totals and movements.
 */
class ReportIT {

    private static final String DAY = "2024-02-29";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path reports;

    private final String currency = TestCurrencies.next();

    @Test
    void shouldReportExactlyTheTotalsAndMovementsOfTheDayAsked() throws Exception {
        Ledger.start();
        AccountId alice = AccountId.random();
        AccountId bob = AccountId.random();
        TransferId rent = TransferId.random();
        publish(
                opened(alice, "2024-02-28T09:00:00Z"),
                deposited(alice, 2, "2024-02-28T10:00:00Z", 4_000, 4_000),
                opened(bob, "2024-02-28T09:30:00Z"),
                deposited(alice, 3, DAY + "T00:00:00Z", 1_000, 5_000),
                withdrawn(alice, 4, DAY + "T08:00:00Z", 300, 4_700),
                new TransferSent(
                        UUID.randomUUID(), alice, 5, at(DAY + "T12:00:00Z"), rent, bob, 900, currency, 3_800, "rent"),
                new TransferReceived(
                        UUID.randomUUID(), bob, 2, at(DAY + "T12:00:00Z"), rent, alice, 900, currency, 900, "rent"),
                deposited(bob, 3, DAY + "T15:00:00Z", 1_200, 2_100),
                withdrawn(bob, 4, DAY + "T23:59:59.999999Z", 100, 2_000),
                deposited(alice, 6, "2024-03-01T00:00:00Z", 7_000, 10_800));
        await().atMost(PATIENCE).untilAsserted(() -> Ledger.awaitQuery(alice.value(), 6));
        await().atMost(PATIENCE).untilAsserted(() -> Ledger.awaitQuery(bob.value(), 4));
        // The write model's side of the same accounts, so that the reconcile runs of other tests
        // find the ledger consistent.
        writeAccount(alice.value(), 10_800, 6, "2024-02-28T09:00:00Z", "2024-03-01T00:00:00Z");
        writeAccount(bob.value(), 2_000, 4, "2024-02-28T09:30:00Z", DAY + "T23:59:59.999999Z");

        JobRun.Result report = JobRun.run("report", "--date", DAY, "--output-dir", reports.toString());

        assertEquals(ExitCodes.OK, report.exitCode(), report.out() + report.err());
        JsonNode day = currencyDay(new ObjectMapper()
                .readTree(reports.resolve("ledger-report-" + DAY + ".json").toFile()));
        assertEquals(4_000, day.get("opening").asLong(), "alice's balance after her deposit the day before");
        assertEquals(2_200, day.get("deposits").asLong(), "1000 at the first instant and 1200");
        assertEquals(400, day.get("withdrawals").asLong(), "300 and 100 at the last instant");
        assertEquals(900, day.get("transfersIn").asLong());
        assertEquals(900, day.get("transfersOut").asLong());
        assertEquals(5_800, day.get("closing").asLong(), "without the deposit of the next day");

        List<String> totals = Files.readAllLines(reports.resolve("ledger-report-" + DAY + "-totals.csv"));
        assertEquals("date,currency,opening,deposits,withdrawals,transfers_in,transfers_out,closing", totals.get(0));
        String line = DAY + "," + currency + ",4000,2200,400,900,900,5800";
        assertTrue(totals.contains(line), totals.toString());
        assertTrue(
                totals.stream()
                        .skip(1)
                        .filter(other -> !other.equals(line))
                        .allMatch(other -> other.endsWith(",0,0,0,0,0,0")),
                "nothing else moved on " + DAY + ": " + totals);

        assertEquals(
                List.of(
                        "rank,account_id,version,kind,amount,currency,counterparty_id,occurred_at",
                        "1," + bob + ",3,DEPOSIT,1200," + currency + ",," + DAY + "T15:00:00Z",
                        "2," + alice + ",3,DEPOSIT,1000," + currency + ",," + DAY + "T00:00:00Z",
                        "3," + alice + ",5,TRANSFER_OUT,900," + currency + "," + bob + "," + DAY + "T12:00:00Z",
                        "4," + alice + ",4,WITHDRAWAL,300," + currency + ",," + DAY + "T08:00:00Z",
                        "5," + bob + ",4,WITHDRAWAL,100," + currency + ",," + DAY + "T23:59:59.999999Z"),
                Files.readAllLines(reports.resolve("ledger-report-" + DAY + "-largest.csv")),
                "the day's movements by size, a transfer once from its sender");

        JobRun.Result again = JobRun.run("report", "--date", DAY, "--output-dir", reports.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
        assertEquals(
                totals,
                Files.readAllLines(reports.resolve("ledger-report-" + DAY + "-totals.csv")),
                "a rerun replaces the files with the same report");
    }

    private AccountOpened opened(AccountId account, String time) {
        return new AccountOpened(UUID.randomUUID(), account, 1, at(time), "report", currency);
    }

    private MoneyDeposited deposited(AccountId account, long version, String time, long amount, long balanceAfter) {
        return new MoneyDeposited(UUID.randomUUID(), account, version, at(time), amount, currency, balanceAfter, null);
    }

    private MoneyWithdrawn withdrawn(AccountId account, long version, String time, long amount, long balanceAfter) {
        return new MoneyWithdrawn(UUID.randomUUID(), account, version, at(time), amount, currency, balanceAfter, null);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static void publish(AccountEvent... events) {
        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(events);
        }
    }

    private void writeAccount(UUID id, long balance, long version, String openedAt, String updatedAt) throws Exception {
        try (Connection write = SharedStack.get().postgres().connect(LocalStack.COMMAND_DATABASE);
                PreparedStatement insert = write.prepareStatement("INSERT INTO account"
                        + " (id, owner, currency, balance, status, version, opened_at, updated_at)"
                        + " VALUES (?, 'report', ?, ?, 'OPEN', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, currency);
            insert.setLong(3, balance);
            insert.setLong(4, version);
            insert.setObject(5, at(openedAt).atOffset(ZoneOffset.UTC));
            insert.setObject(6, at(updatedAt).atOffset(ZoneOffset.UTC));
            assertEquals(1, insert.executeUpdate());
        }
    }

    private JsonNode currencyDay(JsonNode report) {
        JsonNode found = null;
        for (JsonNode day : report.get("currencies")) {
            if (day.get("currency").asText().equals(currency)) {
                found = day;
            }
        }
        assertNotNull(found, currency + " is missing from " + report);
        return found;
    }
}
