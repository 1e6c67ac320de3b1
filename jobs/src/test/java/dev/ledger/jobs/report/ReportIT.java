package dev.ledger.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.MoneyWithdrawn;
import dev.ledger.contracts.Topics;
import dev.ledger.contracts.TransferReceived;
import dev.ledger.contracts.TransferSent;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobRun;
import dev.ledger.jobs.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportIT {

    @TempDir
    Path reports;

    @Test
    void shouldReportTheDaysTotalsAsTheEventsOfThatDaySumUp() throws Exception {
        Ledger.start();
        UUID alice = Ledger.open("report-alice", "SEK");
        UUID bob = Ledger.open("report-bob", "SEK");
        Ledger.deposit(alice, 5_000);
        Ledger.deposit(bob, 1_200);
        Ledger.withdraw(alice, 300);
        Ledger.transfer(alice, bob, 900);
        Ledger.awaitQuery(alice, Ledger.version(alice));
        Ledger.awaitQuery(bob, Ledger.version(bob));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        JobRun.Result report = JobRun.run("report", "--date", today.toString(), "--output-dir", reports.toString());

        assertEquals(ExitCodes.OK, report.exitCode(), report.out() + report.err());
        JsonNode sek = null;
        for (JsonNode currency : new ObjectMapper().readTree(reports.resolve("ledger-report-" + today + ".json").toFile())
                .get("currencies")) {
            if (currency.get("currency").asText().equals("SEK")) {
                sek = currency;
            }
        }
        long[] expected = sumsOfTheDay(today, "SEK");
        assertEquals(0, sek.get("opening").asLong());
        assertEquals(expected[0], sek.get("deposits").asLong());
        assertEquals(expected[1], sek.get("withdrawals").asLong());
        assertEquals(expected[2], sek.get("transfersIn").asLong());
        assertEquals(expected[3], sek.get("transfersOut").asLong());
        assertEquals(sek.get("opening").asLong() + expected[0] - expected[1] + expected[2] - expected[3],
                sek.get("closing").asLong(), "opening + movements = closing");
        List<String> totals = Files.readAllLines(reports.resolve("ledger-report-" + today + "-totals.csv"));
        assertEquals("date,currency,opening,deposits,withdrawals,transfers_in,transfers_out,closing", totals.get(0));
        assertTrue(totals.contains(today + ",SEK,0," + expected[0] + "," + expected[1] + "," + expected[2] + ","
                + expected[3] + "," + sek.get("closing").asLong()), totals.toString());
        List<String> largest = Files.readAllLines(reports.resolve("ledger-report-" + today + "-largest.csv"));
        assertTrue(largest.size() >= 2 && largest.size() <= 11, largest.toString());
        assertTrue(largest.get(1).contains(",DEPOSIT,5000,SEK,") || Long.parseLong(largest.get(1).split(",")[4]) >= 5000,
                largest.get(1));

        JobRun.Result again = JobRun.run("report", "--date", today.toString(), "--output-dir", reports.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), "a rerun replaces the files");
    }

    /** {deposits, withdrawals, transfers in, transfers out} of one currency on one day, from the topic. */
    private static long[] sumsOfTheDay(LocalDate day, String currency) {
        long[] sums = new long[4];
        try (TopicReader topic = new TopicReader(SharedStack.get().kafka().bootstrapServers(), Topics.ACCOUNT_EVENTS)) {
            for (var record : topic.readToEnd(Duration.ofSeconds(30))) {
                AccountEvent event = TopicReader.event(record);
                if (!LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC).equals(day)) {
                    continue;
                }
                switch (event) {
                    case MoneyDeposited e when e.currency().equals(currency) -> sums[0] += e.amount();
                    case MoneyWithdrawn e when e.currency().equals(currency) -> sums[1] += e.amount();
                    case TransferReceived e when e.currency().equals(currency) -> sums[2] += e.amount();
                    case TransferSent e when e.currency().equals(currency) -> sums[3] += e.amount();
                    default -> {
                    }
                }
            }
        }
        return sums;
    }
}
