package dev.ledger.devstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack, and a trace collector for the services, in the foreground until Ctrl-C or
 * SIGTERM, then stops all it started. {@code bin/dev} starts it and sources the environment file it
 * writes, which also turns the services' tracing on.
 */
public final class DevstackMain {

    private DevstackMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        StackSettings settings = StackSettings.forDevelopment();
        LocalStack stack;
        TraceCollector traces;
        try {
            stack = LocalStack.start(settings);
        } catch (RuntimeException e) {
            System.err.println("devstack: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            traces = TraceCollector.start(FreePorts.checked(StackSettings.devTracesPort(), "DEVSTACK_TRACES_PORT"));
        } catch (RuntimeException e) {
            System.err.println("devstack: " + e.getMessage());
            stack.close();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("devstack: stopping");
                            traces.close();
                            stack.close();
                            System.out.println("devstack: stopped");
                            stopped.countDown();
                        },
                        "devstack-shutdown"));
        Path environment = settings.dataDirectory().resolve("devstack.env");
        stack.writeEnvironment(environment, traces.exporterEnvironment());
        System.out.println(stack.describe());
        System.out.println("Traces (OTLP/HTTP)        " + traces.endpoint() + "  each trace as a tree at "
                + traces.endpoint() + "/traces");
        System.out.println("connection settings in " + environment);
        System.out.println("devstack: ready (Ctrl-C stops it)");
        stopped.await();
    }
}
