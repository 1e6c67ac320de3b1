package dev.ledger.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Runs the local stack, a trace collector and a token issuer for the services, in the foreground
 * until Ctrl-C or SIGTERM, then stops all it started. {@code bin/dev} starts it and sources the
 * environment file it writes, which also turns the services' tracing on, and shows the tokens it
 * prints: one per role, for the owner {@value #DEV_OWNER}.
 */
public final class DevstackMain {

    /** The owner bin/dev's writer and reader tokens act for. */
    static final String DEV_OWNER = "alice";
    /**
     * The services' roles (service-support's LedgerRoles, which this module does not depend on;
     * DevTokensTest keeps the two alike).
     */
    public static final String WRITER = "ledger-writer";

    public static final String READER = "ledger-reader";
    public static final String ADMIN = "ledger-admin";

    private DevstackMain() {}

    public static void main(String[] args) throws InterruptedException {
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("devstack: stopping");
                            tokens.close();
                            traces.close();
                            stack.close();
                            System.out.println("devstack: stopped");
                            stopped.countDown();
                        },
                        "devstack-shutdown"));
        Path environment = settings.dataDirectory().resolve("devstack.env");
        Map<String, String> services = new HashMap<>(traces.exporterEnvironment());
        services.putAll(tokens.environment());
        stack.writeEnvironment(environment, services);
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
        System.out.println("connection settings in " + environment);
        System.out.println("devstack: ready (Ctrl-C stops it)");
        stopped.await();
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
}
