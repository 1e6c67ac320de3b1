package dev.ledger.devstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack in the foreground until Ctrl-C or SIGTERM, then stops all it started.
 * {@code bin/dev} starts it and sources the environment file it writes.
 */
public final class DevstackMain {

    private DevstackMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        StackSettings settings = StackSettings.forDevelopment();
        LocalStack stack;
        try {
            stack = LocalStack.start(settings);
        } catch (RuntimeException e) {
            System.err.println("devstack: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("devstack: stopping");
                            stack.close();
                            System.out.println("devstack: stopped");
                            stopped.countDown();
                        },
                        "devstack-shutdown"));
        Path environment = settings.dataDirectory().resolve("devstack.env");
        stack.writeEnvironment(environment);
        System.out.println(stack.describe());
        System.out.println("connection settings in " + environment);
        System.out.println("devstack: ready (Ctrl-C stops it)");
        stopped.await();
    }
}
