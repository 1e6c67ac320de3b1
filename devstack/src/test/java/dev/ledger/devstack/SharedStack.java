package dev.ledger.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One local stack, and one token issuer, per test JVM, started on first use and stopped when the JVM exits (a shutdown
 * hook, so it runs when tests fail too). Quarkus may restart the application between test classes;
 * the stack outlives those restarts, which saves its start-up time in every class.
 */
public final class SharedStack {

    private static LocalStack stack;
    private static TokenIssuer tokens;

    private SharedStack() {}

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path directory = Path.of("target", "devstack-test");
            deleteRecursively(directory);
            LocalStack started = LocalStack.start(StackSettings.forTests(directory));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-test-shutdown"));
            System.out.println("devstack for tests:\n" + started.describe());
            stack = started;
        }
        return stack;
    }

    /** The test run's identity provider, on its own: a test may need tokens and no stack. */
    public static synchronized TokenIssuer tokens() {
        if (tokens == null) {
            TokenIssuer started = TokenIssuer.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "token-issuer-shutdown"));
            tokens = started;
        }
        return tokens;
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
