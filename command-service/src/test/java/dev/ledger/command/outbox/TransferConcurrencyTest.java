package dev.ledger.command.outbox;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.Topics;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * 20 clients transfer at random among 10 accounts at once. The ledger must come out whole: no
 * balance below zero, the total unchanged, and each account's events on the topic exactly 1..n.
 * Load finds a wrong lock order only by chance; {@code TransferLockOrderTest} forces that race.
 */
@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class TransferConcurrencyTest {

    private static final int ACCOUNTS = 10;
    private static final int CLIENTS = 20;
    private static final long OPENING_BALANCE = 1_000;
    private static final Duration LOAD = Duration.ofSeconds(4);
    private static final int MAX_REQUESTS_PER_CLIENT = 400;

    @TestHTTPResource("/transfers")
    URI transfers;

    @Test
    void shouldKeepTheLedgerWholeUnderConcurrentTransfers() throws Exception {
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(anAccountWith(OPENING_BALANCE));
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + LOAD.toNanos();
        List<Future<int[]>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> transferAtRandom(http, accounts, deadline)));
            }
        }
        int accepted = 0;
        for (Future<int[]> client : clients) {
            int[] outcome = client.get();
            assertEquals(0, outcome[1], "every answer is 201 or an insufficient-funds 409");
            accepted += outcome[0];
        }
        assertTrue(accepted > 0, "some transfers went through");

        long total = 0;
        Map<UUID, Long> versions = new HashMap<>();
        for (UUID id : accounts) {
            var account = asAdmin()
                    .get("/accounts/{id}", id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            long balance = account.getLong("balance");
            assertTrue(balance >= 0, "no negative balance");
            total += balance;
            versions.put(id, account.getLong("version"));
        }
        assertEquals(ACCOUNTS * OPENING_BALANCE, total, "money is neither made nor lost");

        try (TopicReader topic = new TopicReader(SharedStack.get().kafka().bootstrapServers(), Topics.ACCOUNT_EVENTS)) {
            List<ConsumerRecord<String, String>> records = topic.awaitRecords(
                    read -> accounts.stream()
                            .allMatch(id -> OutboxRelayTest.versionsOf(read, id).size() >= versions.get(id)),
                    Duration.ofSeconds(60));
            for (UUID id : accounts) {
                List<Long> expected =
                        LongStream.rangeClosed(1, versions.get(id)).boxed().toList();
                assertEquals(expected, OutboxRelayTest.versionsOf(records, id), "versions of " + id);
            }
        }
    }

    /** Returns {transfers accepted, unexpected answers}. */
    private int[] transferAtRandom(HttpClient http, List<UUID> accounts, long deadline) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int accepted = 0;
        int unexpected = 0;
        for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
            UUID from = accounts.get(random.nextInt(ACCOUNTS));
            UUID to = accounts.get(random.nextInt(ACCOUNTS));
            if (from.equals(to)) {
                continue;
            }
            String body =
                    "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + random.nextLong(1, 400) + "}";
            HttpResponse<String> response = http.send(
                    Callers.adminRequest(transfers)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                accepted++;
            } else if (!(response.statusCode() == 409 && response.body().contains("insufficient-funds"))) {
                unexpected++;
            }
        }
        return new int[] {accepted, unexpected};
    }
}
