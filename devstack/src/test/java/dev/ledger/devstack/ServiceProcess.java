package dev.ledger.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) started as its own process
 * against the test stack, for end-to-end tests across services. {@link #close()} stops it, and so
 * does a shutdown hook if a test run ends early.
 */
public final class ServiceProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private ServiceProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the module's packaged jar with its database and Kafka from {@code stack}, and waits
     * until {@code /q/health/ready} answers 200.
     */
    public static ServiceProcess start(
            Path moduleDirectory, String database, LocalStack stack, Map<String, String> extraProperties)
            throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(stack.environment());
        environment.put("DB_NAME", database);
        return start(moduleDirectory, environment, extraProperties);
    }

    /**
     * Starts the module's packaged jar with {@code environment} (its connection settings: DB_*,
     * KAFKA_*, ...; JWT_* default to the test token issuer's) and waits until {@code /q/health/ready}
     * answers 200; fails with the service's log if it exits first.
     */
    public static ServiceProcess start(
            Path moduleDirectory, Map<String, String> environment, Map<String, String> extraProperties)
            throws IOException, InterruptedException {
        Path jar = moduleDirectory.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + moduleDirectory.getFileName()
                    + " first (./mvnw verify from the repository root builds every module in order)");
        }
        int port = FreePorts.any();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN"));
        extraProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(SharedStack.tokens().environment());
        builder.environment().putAll(environment);
        // in the test module's target/, like its reports: kept for a failure's inspection, gone with a
        // clean; named after the service's module, which a test of that module gives as "."
        Path logs = Files.createDirectories(Path.of("target"));
        String module =
                moduleDirectory.toAbsolutePath().normalize().getFileName().toString();
        ServiceProcess service =
                new ServiceProcess(ChildProcess.start(builder, Files.createTempFile(logs, module + "-", ".log")), port);
        service.process.awaitOk(service.uri("/q/health/ready"), Duration.ofSeconds(90));
        return service;
    }

    /** What the service printed: its log lines. */
    public Path log() {
        return process.log();
    }

    /** Crashes the service (kill -9): it leaves no consumer group and closes no connection. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        process.close();
    }

    /** Stops each of {@code services} that started, in the order given; for a test's {@code @AfterAll}. */
    public static void closeAll(ServiceProcess... services) {
        for (ServiceProcess service : services) {
            if (service != null) {
                service.close();
            }
        }
    }
}
