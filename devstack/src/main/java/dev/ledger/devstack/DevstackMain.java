package dev.ledger.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs the local stack, a trace collector and a token issuer for the services, until Ctrl-C or
 * SIGTERM, then stops all it started. It publishes where they listen in the stack's directory
 * ({@link StackDirectory}): {@code bin/dev} sources that file, which also turns the services' tracing
 * on, and shows the tokens it prints, one per role, for the owner {@value #DEV_OWNER}. A service in
 * dev mode finds the stack there too (ledger-devservices), or starts this class itself, with:
 * <ul>
 *   <li>{@value #DETACHED}: it ignores Ctrl-C and the terminal's hang-up, which reach it with the
 *       service that started it (same process group) while other services may still use it;
 *   <li>{@value #WHILE_USED}: it stops once no process has used it for {@link #UNUSED_CHECKS} checks
 *       in a row, {@link #USE_CHECK_MILLIS} ms apart.
 * </ul>
 */
public final class DevstackMain {

    /** The owner bin/dev's writer and reader tokens act for. */
    public static final String DEV_OWNER = "alice";
    /**
     * The services' roles (service-support's LedgerRoles, which this module does not depend on;
     * DevTokensTest keeps the two alike).
     */
    public static final String WRITER = "ledger-writer";

    public static final String READER = "ledger-reader";
    public static final String ADMIN = "ledger-admin";

    static final String DETACHED = "--detached";
    static final String WHILE_USED = "--while-used";
    static final long USE_CHECK_MILLIS = 2000;
    /** Ten seconds without users: dev mode restarting a service's JVM (after a pom change) does not stop the stack. */
    static final int UNUSED_CHECKS = 5;

    private DevstackMain() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> options = List.of(args);
        if (!Set.of(DETACHED, WHILE_USED).containsAll(options)) {
            System.err.println("usage: DevstackMain [" + DETACHED + "] [" + WHILE_USED + "]");
            System.exit(2);
        }
        if (options.contains(DETACHED)) {
            for (String terminal : List.of("INT", "HUP")) {
                Signal.handle(new Signal(terminal), SignalHandler.SIG_IGN);
            }
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        StackSettings settings = StackSettings.forDevelopment();
        LocalStack stack = startOrExit(() -> LocalStack.start(settings));
        TraceCollector traces = startOrExit(
                () -> TraceCollector.start(FreePorts.checked(StackSettings.devTracesPort(), "DEVSTACK_TRACES_PORT")),
                stack);
        TokenIssuer tokens = startOrExit(
                () -> TokenIssuer.start(FreePorts.checked(StackSettings.devTokensPort(), "DEVSTACK_TOKENS_PORT")),
                traces,
                stack);
        StackDirectory directory = new StackDirectory(settings.dataDirectory());
        Running running = new Running(directory, tokens, traces, stack);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("devstack: stopping");
                            running.close();
                            System.out.println("devstack: stopped");
                            stopped.countDown();
                        },
                        "devstack-shutdown"));
        System.out.println(stack.describe());
        System.out.println("Traces (OTLP/HTTP)        " + traces.endpoint() + "  each trace as a tree at "
                + traces.endpoint() + "/traces");
        System.out.println("Tokens (JWKS)             " + tokens.jwksUrl() + "  issuer " + TokenIssuer.ISSUER
                + ", valid " + TokenIssuer.LIFETIME.toHours() + " h:");
        Map<String, String> devTokens = Map.of(
                "LEDGER_WRITER_TOKEN", tokens.token(DEV_OWNER, Set.of(WRITER)),
                "LEDGER_READER_TOKEN", tokens.token(DEV_OWNER, Set.of(READER)),
                "LEDGER_ADMIN_TOKEN", tokens.token("admin", Set.of(ADMIN)));
        System.out.println("  " + WRITER + " for " + DEV_OWNER + "  " + devTokens.get("LEDGER_WRITER_TOKEN"));
        System.out.println("  " + READER + " for " + DEV_OWNER + "  " + devTokens.get("LEDGER_READER_TOKEN"));
        System.out.println("  " + ADMIN + "           " + devTokens.get("LEDGER_ADMIN_TOKEN"));
        Path tokenFile = settings.dataDirectory().resolve("tokens.env");
        LocalStack.writeVariables(tokenFile, devTokens);
        System.out.println("the tokens, for scripts, in " + tokenFile);
        // published last: whoever finds the file finds every part running
        Map<String, String> environment = new HashMap<>(stack.environment());
        environment.putAll(traces.exporterEnvironment());
        environment.putAll(tokens.environment());
        directory.publish(environment);
        System.out.println("connection settings in " + directory.stateFile());
        if (options.contains(WHILE_USED)) {
            System.out.println("devstack: ready (it stops once no service uses it)");
            stopWhenUnused(directory, running);
        } else {
            System.out.println("devstack: ready (Ctrl-C stops it)");
            stopped.await();
        }
    }

    /**
     * Exits once no process has used the stack for {@link #UNUSED_CHECKS} checks in a row, having
     * stopped it. The last check and the stop hold the directory's lock: a service that registers
     * meanwhile waits, then finds no stack and starts one. A check that fails stops the stack too:
     * one that no longer checks would run on with no one to stop it.
     */
    private static void stopWhenUnused(StackDirectory directory, Running running) {
        try {
            int unused = 0;
            do {
                Thread.sleep(USE_CHECK_MILLIS);
                unused = directory.inUse() ? 0 : unused + 1;
            } while (unused < UNUSED_CHECKS || !directory.locked(() -> stopUnlessUsed(directory, running)));
            System.out.println("devstack: no service uses it any more");
            System.exit(0);
        } catch (InterruptedException | RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Under the directory's lock: a service that registered since the last check keeps the stack. */
    private static boolean stopUnlessUsed(StackDirectory directory, Running running) {
        if (directory.inUse()) {
            return false;
        }
        running.close();
        return true;
    }

    /** Starts one part, or says why it cannot, stops the parts already running, and exits 1. */
    private static <T> T startOrExit(Supplier<T> part, AutoCloseable... started) {
        try {
            return part.get();
        } catch (RuntimeException e) {
            System.err.println("devstack: " + e.getMessage());
            for (AutoCloseable running : started) {
                try {
                    running.close();
                } catch (Exception stopping) {
                    System.err.println("devstack: " + stopping.getMessage());
                }
            }
            System.exit(1);
            throw e;
        }
    }

    /**
     * The parts this process runs, stopped once: by the shutdown hook or for want of users, whichever
     * comes first; the other waits for it. Withdrawn first, so that no process finds a stack that is
     * going away.
     */
    private static final class Running {

        private final StackDirectory directory;
        private final List<AutoCloseable> parts;
        private boolean closed;

        Running(StackDirectory directory, AutoCloseable... parts) {
            this.directory = directory;
            this.parts = List.of(parts);
        }

        /** Stops the parts, in the order given. */
        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            directory.withdraw();
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("devstack: " + e.getMessage());
                }
            }
        }
    }
}
