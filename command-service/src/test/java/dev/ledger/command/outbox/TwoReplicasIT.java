package dev.ledger.command.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.contracts.Topics;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TopicReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged command-service share one database and one topic, each running
 * its outbox relay, as after a scale-up or during a restart.
 */
class TwoReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess first;
    private static ServiceProcess second;

    @BeforeAll
    static void startReplicas() throws Exception {
        first = ServiceProcess.start(Path.of("."), LocalStack.COMMAND_DATABASE, SharedStack.get(), Map.of());
        second = ServiceProcess.start(Path.of("."), LocalStack.COMMAND_DATABASE, SharedStack.get(), Map.of());
    }

    @AfterAll
    static void stopReplicas() {
        ServiceProcess.closeAll(first, second);
    }

    /** Keys live in the database, not in a process: another replica (or the same one restarted) replays them. */
    @Test
    void shouldReplayAnIdempotentCommandOnAnotherReplica() throws Exception {
        UUID id = UUID.fromString(post(first, "/accounts", "{\"owner\":\"replay\",\"currency\":\"EUR\"}")
                .get("id")
                .asText());
        String key = UUID.randomUUID().toString();
        HttpResponse<String> original = send(first, "/accounts/" + id + "/deposits", "{\"amount\":70}", key);
        HttpResponse<String> repeat = send(second, "/accounts/" + id + "/deposits", "{\"amount\":70}", key);
        assertEquals(200, original.statusCode());
        assertEquals(original.statusCode(), repeat.statusCode());
        assertEquals(original.body(), repeat.body());
        assertEquals(
                422,
                send(second, "/accounts/" + id + "/deposits", "{\"amount\":71}", key)
                        .statusCode());
        HttpResponse<String> account = HTTP.send(
                Callers.adminRequest(second.uri("/accounts/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(70, JSON.readTree(account.body()).get("balance").asLong(), "deposited once");
    }

    /**
     * Clients send transfers through both; every account's events reach the topic once each, in order.
     * Overlapping relay rounds happen here only by chance; {@code OutboxRelayTest} forces them.
     */
    @Test
    void shouldPublishEveryAccountsEventsInOrderWithTwoReplicasRelaying() throws Exception {
        LocalStack stack = SharedStack.get();
        List<ServiceProcess> replicas = List.of(first, second);
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ServiceProcess replica = replicas.get(i % 2);
            UUID id = UUID.fromString(post(replica, "/accounts", "{\"owner\":\"replica\",\"currency\":\"EUR\"}")
                    .get("id")
                    .asText());
            post(replica, "/accounts/" + id + "/deposits", "{\"amount\":100000}");
            accounts.add(id);
        }
        List<Future<Integer>> clients = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int c = 0; c < 8; c++) {
                ServiceProcess replica = replicas.get(c % 2);
                clients.add(pool.submit(() -> transferUntil(replica, accounts, deadline)));
            }
        }
        int transfers = 0;
        for (Future<Integer> client : clients) {
            transfers += client.get();
        }
        assertTrue(transfers > 0, "transfers went through both replicas");

        Map<UUID, Long> versions = new HashMap<>();
        for (UUID id : accounts) {
            HttpResponse<String> account = HTTP.send(
                    Callers.adminRequest(first.uri("/accounts/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            versions.put(id, JSON.readTree(account.body()).get("version").asLong());
        }
        try (TopicReader topic = new TopicReader(stack.kafka().bootstrapServers(), Topics.ACCOUNT_EVENTS)) {
            List<ConsumerRecord<String, String>> records = topic.awaitRecords(
                    read -> accounts.stream()
                            .allMatch(id -> OutboxRelayTest.versionsOf(read, id).size() >= versions.get(id)),
                    Duration.ofSeconds(60));
            for (UUID id : accounts) {
                assertEquals(
                        LongStream.rangeClosed(1, versions.get(id)).boxed().toList(),
                        OutboxRelayTest.versionsOf(records, id),
                        "events of " + id);
            }
        }
    }

    private static int transferUntil(ServiceProcess replica, List<UUID> accounts, long deadline) throws Exception {
        int done = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
            UUID from = accounts.get(random.nextInt(accounts.size()));
            UUID to = accounts.get(random.nextInt(accounts.size()));
            if (!from.equals(to)) {
                post(replica, "/transfers", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":1}");
                done++;
            }
        }
        return done;
    }

    private static HttpResponse<String> send(ServiceProcess replica, String path, String body, String key)
            throws Exception {
        return HTTP.send(
                Callers.adminRequest(replica.uri(path))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode post(ServiceProcess replica, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                Callers.adminRequest(replica.uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() == 200 || response.statusCode() == 201,
                response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }
}
