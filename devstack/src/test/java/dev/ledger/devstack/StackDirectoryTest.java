package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How services share one stack through its directory, and how the stack goes when the last one leaves. */
class StackDirectoryTest {

    /** The stack's ports and its trace collector's and token issuer's: free ones, whatever else runs here. */
    private static final List<String> FREE_PORTS =
            List.of("devstack.postgres.port", "devstack.kafka.port", "devstack.traces.port", "devstack.tokens.port");

    @TempDir
    Path path;

    @Test
    void shouldFindTheStackThatALiveProcessPublished() {
        StackDirectory directory = new StackDirectory(path);
        directory.publish(Map.of(
                "DB_HOST", "127.0.0.1",
                "DB_PORT", "15432",
                "DB_USER", "postgres",
                "DB_PASSWORD", "postgres",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"));

        RunningStack stack = directory.running().orElseThrow();

        assertEquals(ProcessHandle.current().pid(), stack.pid());
        assertEquals("jdbc:postgresql://127.0.0.1:15432/query", stack.jdbcUrl(LocalStack.QUERY_DATABASE));
        assertEquals("postgresql://127.0.0.1:15432/command", stack.reactiveUrl(LocalStack.COMMAND_DATABASE));
        assertEquals("127.0.0.1:19092", stack.kafkaBootstrapServers());

        directory.withdraw();

        assertEquals(Optional.empty(), directory.running());
    }

    @Test
    void shouldNotFindAStackWhoseProcessEnded() throws Exception {
        StackDirectory directory = new StackDirectory(path);
        Process ended = sleeper();
        ProcessIdentity identity = ProcessIdentity.of(ended.toHandle());
        ended.destroy();
        ended.waitFor();
        LocalStack.writeVariables(
                directory.stateFile(),
                Map.of(RunningStack.PID, String.valueOf(identity.pid()), RunningStack.STARTED, identity.started()));

        assertEquals(Optional.empty(), directory.running());
    }

    @Test
    void shouldBeInUseWhileAUserRunsAndUntilItLeaves() throws Exception {
        StackDirectory directory = new StackDirectory(path);
        Process user = sleeper();
        try {
            assertFalse(directory.inUse(), "no user yet");
            directory.addUser(user.toHandle(), "dev");
            assertTrue(directory.inUse());
            directory.removeUser(user.toHandle(), "dev");
            assertFalse(directory.inUse(), "the user left");

            directory.addUser(user.toHandle(), "dev");
            user.destroy();
            user.waitFor();

            assertFalse(directory.inUse(), "the user ended without leaving");
            try (Stream<Path> entries = Files.list(path.resolve("users"))) {
                assertEquals(0, entries.count(), "the ended user's entry is gone");
            }
        } finally {
            user.destroy();
        }
    }

    @Test
    void shouldShareOneStackAndStopItOnceItsLastUserIsGone() throws Exception {
        StackDirectory directory = new StackDirectory(path);
        Process user = sleeper();
        FREE_PORTS.forEach(port -> System.setProperty(port, "0"));
        Optional<ProcessHandle> server = Optional.empty();
        try {
            directory.addUser(user.toHandle(), "dev");
            RunningStack stack = directory.startOrReuse(classpath(), false);
            assertNotEquals(ProcessHandle.current().pid(), stack.pid(), "the stack runs in a process of its own");
            server = ProcessHandle.of(stack.pid());
            assertEquals(stack, directory.startOrReuse(classpath(), false), "a second service finds the same stack");

            user.destroy();
            user.waitFor();

            server.orElseThrow().onExit().get(60, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), directory.running(), "and withdrew it");
        } finally {
            FREE_PORTS.forEach(System::clearProperty);
            user.destroy();
            server.ifPresent(ProcessHandle::destroy);
        }
    }

    private static Process sleeper() throws IOException {
        return new ProcessBuilder("sleep", "600").start();
    }

    /** This test's class path, which holds devstack and everything it runs on. */
    private static List<Path> classpath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .toList();
    }
}
