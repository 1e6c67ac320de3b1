package dev.ledger.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process a test starts and owns, with its output in a log file: {@link #close()} stops it and
 * every process it started (SIGTERM, then SIGKILL after 20 s), and so does a shutdown hook if the
 * test run ends early.
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
     * Polls {@code uri} until it answers 200; fails with the log if the process exits first, if
     * {@code uri} answers a server error other than 503 (not ready yet), or if {@code timeout}
     * passes, and stops the process then.
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
                if (answer.statusCode() >= 500 && answer.statusCode() != 503) {
                    // not "not ready yet" (503) but a failure, e.g. dev mode's page for a start that failed
                    close();
                    throw new IllegalStateException(
                            uri + " answered " + answer.statusCode() + ":\n" + Files.readString(log));
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

    /**
     * Stops the process and everything it started, top down, as Ctrl-C in a terminal would: its
     * children first (e.g. the application Maven runs in dev mode, which outlives a stopped Maven and
     * must stop while what it uses still runs), then the process, then whatever is still left below
     * it (e.g. a stack that application started).
     */
    private void stop() {
        List<ProcessHandle> below = process.descendants().toList();
        process.children().forEach(ChildProcess::terminate);
        terminate(process.toHandle());
        below.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        below.forEach(ChildProcess::terminate);
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    private static void terminate(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException stillRunning) {
            process.destroyForcibly();
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
