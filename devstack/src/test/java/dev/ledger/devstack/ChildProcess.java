package dev.ledger.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process a test starts and owns, with its output in a log file: {@link #close()} stops it
 * (SIGTERM, then SIGKILL after 20 s), and so does a shutdown hook if the test run ends early.
 */
public final class ChildProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final Thread stopOnExit;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stopOnExit = new Thread(this::stop, "stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts {@code builder}'s command with stdout and stderr into {@code log}. */
    public static ChildProcess start(ProcessBuilder builder, Path log) throws IOException {
        return new ChildProcess(
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    /**
     * Polls {@code uri} until it answers 200; fails with the log if the process exits first or
     * {@code timeout} passes, and stops the process then.
     */
    public void awaitOk(URI uri, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the process exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> answer =
                        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(uri + " did not answer 200 within " + timeout + ":\n" + Files.readString(log));
    }

    public Path log() {
        return log;
    }

    /** A crash: SIGKILL, no shutdown hook runs, nothing is closed or said goodbye to. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
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
