package dev.ledger.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.command.model.CommandModel;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.Commands;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.SharedStack;
import dev.ledger.query.model.QueryModel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Both services as packaged processes on the shared stack (started once per test JVM, stopped when
 * it exits), and the few commands and queries the job tests need.
 */
public final class Ledger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess commandService;
    private static ServiceProcess queryService;

    private Ledger() {}

    public static synchronized void start() throws IOException, InterruptedException {
        if (commandService == null) {
            LocalStack stack = SharedStack.get();
            commandService = ServiceProcess.start(
                    Path.of("..", "command-service"), LocalStack.COMMAND_DATABASE, stack, Map.of());
            queryService =
                    ServiceProcess.start(Path.of("..", "query-service"), LocalStack.QUERY_DATABASE, stack, Map.of());
            awaitConsumerAssigned(stack);
        }
    }

    /**
     * Readiness follows the database only; the consumer joins its group afterwards. Tests that read
     * their writes within X-Min-Version's wait need every partition assigned first.
     */
    private static void awaitConsumerAssigned(LocalStack stack) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            while (assignedPartitions(admin) < LocalStack.EVENT_PARTITIONS) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "consumer group " + QueryModel.CONSUMER_GROUP + " got no assignment within 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static int assignedPartitions(Admin admin) throws InterruptedException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(QueryModel.CONSUMER_GROUP))
                    .describedGroups()
                    .get(QueryModel.CONSUMER_GROUP)
                    .get();
            return group.members().stream()
                    .mapToInt(member -> member.assignment().topicPartitions().size())
                    .sum();
        } catch (ExecutionException groupNotThereYet) {
            return 0;
        }
    }

    public static UUID open(String owner, String currency) throws Exception {
        return UUID.fromString(post("/accounts", "{\"owner\":\"" + owner + "\",\"currency\":\"" + currency + "\"}", 201)
                .get("id")
                .asText());
    }

    /** Returns the account's version after the deposit. */
    public static long deposit(UUID account, long amount) throws Exception {
        return post("/accounts/" + account + "/deposits", "{\"amount\":" + amount + "}", 200)
                .get("version")
                .asLong();
    }

    public static long withdraw(UUID account, long amount) throws Exception {
        return post("/accounts/" + account + "/withdrawals", "{\"amount\":" + amount + "}", 200)
                .get("version")
                .asLong();
    }

    /** Returns the versions of both accounts after the transfer, [from, to]. */
    public static long[] transfer(UUID from, UUID to, long amount) throws Exception {
        JsonNode result =
                post("/transfers", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}", 201);
        return new long[] {
            result.get("from").get("version").asLong(),
            result.get("to").get("version").asLong()
        };
    }

    /** The command side's current version of an account. */
    public static long version(UUID account) throws Exception {
        HttpResponse<String> response = HTTP.send(
                Callers.adminRequest(commandService.uri("/accounts/" + account)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("version").asLong();
    }

    /** The query side's view once it reached {@code version} (X-Min-Version); fails if it does not. */
    public static JsonNode awaitQuery(UUID account, long version) throws Exception {
        HttpResponse<String> response = HTTP.send(
                Callers.adminRequest(queryService.uri("/accounts/" + account))
                        .header("X-Min-Version", String.valueOf(version))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "query side not at version " + version + " of " + account + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Holds the relay's lock ({@link CommandModel#RELAY_LOCK}) on its own connection: commands commit,
     * nothing is published. Closing it releases the lock and wakes the relay at once, as a committing
     * command would, so no test waits for the relay's fallback poll.
     */
    public static PausedRelay pauseRelay() throws Exception {
        Connection db = SharedStack.get().postgres().connect(LocalStack.COMMAND_DATABASE);
        try (PreparedStatement lock = db.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, CommandModel.RELAY_LOCK);
            lock.execute();
        }
        return new PausedRelay(db);
    }

    /** The connection that holds the relay's lock; see {@link #pauseRelay()}. */
    public record PausedRelay(Connection db) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try (db;
                    Statement resume = db.createStatement()) {
                resume.execute("SELECT pg_advisory_unlock_all()");
                resume.execute("NOTIFY " + CommandModel.OUTBOX_CHANNEL);
            }
        }
    }

    private static JsonNode post(String path, String body, int expected) throws Exception {
        return Commands.post(commandService, path, body, expected);
    }
}
