package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path directory;

    private StackSettings settings() {
        return new StackSettings(directory, 0, 0, Optional.empty(), "postgres", "postgres", Optional.empty());
    }

    @Test
    void shouldStartPostgresWithBothDatabasesAndKafkaWithTheTopics() throws Exception {
        try (LocalStack stack = LocalStack.start(settings())) {
            for (String database : new String[] {LocalStack.COMMAND_DATABASE, LocalStack.QUERY_DATABASE}) {
                try (Connection connection = DriverManager.getConnection(
                                stack.postgres().jdbcUrl(database), "postgres", "postgres");
                        Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("SELECT current_database()")) {
                    assertTrue(row.next());
                    assertEquals(database, row.getString(1));
                }
            }
            try (Admin admin = stack.kafka().admin()) {
                Set<String> topics = admin.listTopics().names().get();
                assertTrue(
                        topics.containsAll(Set.of(Topics.ACCOUNT_EVENTS, Topics.ACCOUNT_EVENTS_DLQ)), topics::toString);
                var description = admin.describeTopics(Set.of(Topics.ACCOUNT_EVENTS))
                        .allTopicNames()
                        .get()
                        .get(Topics.ACCOUNT_EVENTS);
                assertEquals(
                        LocalStack.EVENT_PARTITIONS, description.partitions().size());
            }
        }
    }

    @Test
    void shouldStopEverythingItStarted() throws Exception {
        LocalStack stack = LocalStack.start(settings());
        long postgresPid = stack.postgres().pid();
        int postgresPort = stack.postgres().port();
        int kafkaPort = Integer.parseInt(stack.kafka().bootstrapServers().replaceAll(".*:", ""));
        assertTrue(running(postgresPid), "postgres runs");
        assertTrue(accepts(postgresPort) && accepts(kafkaPort), "both listen");

        stack.close();

        assertFalse(running(postgresPid), "the postgres process " + postgresPid + " is gone");
        assertFalse(accepts(postgresPort), "nothing listens on PostgreSQL's port");
        assertFalse(accepts(kafkaPort), "nothing listens on Kafka's port");
    }

    @Test
    void shouldKeepDataAcrossRestarts() throws Exception {
        try (LocalStack stack = LocalStack.start(settings())) {
            try (Connection connection =
                            DriverManager.getConnection(stack.postgres().jdbcUrl("command"), "postgres", "postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE survivor (id int)");
                statement.execute("INSERT INTO survivor VALUES (42)");
            }
        }
        try (LocalStack stack = LocalStack.start(settings());
                Connection connection =
                        DriverManager.getConnection(stack.postgres().jdbcUrl("command"), "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM survivor")) {
            List<Integer> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
            assertEquals(List.of(42), ids, "the row written before the restart, once");
        }
    }

    /** Alive and not a zombie: an exited postmaster may wait a while for a reaper in containers. */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (Files.exists(Path.of("/proc/self/stat"))) {
            return Files.exists(stat)
                    && !Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z");
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
