package dev.ledger.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) started as its own process
 * against the test stack, for end-to-end tests across services. {@link #close()} stops it, and so
 * does a shutdown hook if a test run ends early.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Thread stopOnExit;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopOnExit = new Thread(this::stop, "stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts the module's packaged jar with its database and Kafka from {@code stack}, and waits
     * until {@code /q/health/ready} answers 200.
     */
    public static ServiceProcess start(
            Path moduleDirectory, String database, LocalStack stack, Map<String, String> extraProperties)
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
        Path log = Files.createTempFile(moduleDirectory.getFileName() + "-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(stack.environment());
        builder.environment().put("DB_NAME", database);
        ServiceProcess service = new ServiceProcess(builder.start(), port, log);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the service exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(uri("/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP server is not up yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("the service was not ready within " + timeout + ":\n" + Files.readString(log));
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it stops the same process
        }
    }
}
