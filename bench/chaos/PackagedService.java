import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}, the %prod profile, as in
 * production) run as its own process on a fixed port, which it keeps across restarts. Each start is
 * a new generation; a paused process is sent SIGCONT before it is stopped or killed.
 */
final class PackagedService {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Launched process;
    private volatile boolean paused;

    /**
     * @param launcher what runs the JVM, e.g. {@code setpriv} with another uid; empty for none
     * @param options  the JVM's options besides the heap and the port
     */
    PackagedService(
            String name,
            JavaCommand java,
            Path jar,
            int port,
            List<String> launcher,
            List<String> options,
            Map<String, String> environment,
            Path log) {
        this.name = name;
        this.port = port;
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-Dquarkus.http.port=" + port));
        jvmOptions.addAll(options);
        this.command = new ArrayList<>(launcher);
        this.command.addAll(java.jar(jvmOptions, jar));
        this.environment = environment;
        this.log = log;
    }

    /** Starts it and waits until {@code /q/health/ready} answers 200. */
    void start() throws IOException, InterruptedException {
        process = Launched.start(command, environment, log);
        generation.incrementAndGet();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!isReady()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.kill();
                throw new IllegalStateException(name + " did not become ready on port " + port + "; its log: " + log);
            }
            Thread.sleep(250);
        }
    }

    private boolean isReady() throws InterruptedException {
        try {
            HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** kill -9, whatever it is doing. */
    void kill() throws InterruptedException {
        resume();
        process.kill();
    }

    /** SIGSTOP: every thread stops at once, as in a long stop-the-world GC pause. */
    void pause() {
        Signals.send(process.pid(), "STOP");
        paused = true;
    }

    void resume() {
        if (paused) {
            Signals.send(process.pid(), "CONT");
            paused = false;
        }
    }

    /** SIGTERM and its graceful shutdown (quarkus.shutdown.timeout is 20 s), then SIGKILL. */
    void stop() throws InterruptedException {
        if (process != null) {
            resume();
            process.stop(Duration.ofSeconds(25));
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Raised by every start: a scrape of another generation than the last comes from a new process. */
    int generation() {
        return generation.get();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
