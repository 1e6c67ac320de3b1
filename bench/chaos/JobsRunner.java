import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The jobs' packaged jar, run to completion as a Kubernetes Job runs it, each run with a log of its own. */
final class JobsRunner {

    /**
     * A finished run; exit code -1 when it was killed at its deadline. Its summary is the last line
     * the job printed under its own name (e.g. {@code reconcile: CONSISTENT, ...}), else its last line.
     */
    record Run(String job, int exitCode, Duration took, Path log, String summary) {}

    private final JavaCommand java;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path logDirectory;
    private final AtomicInteger runs = new AtomicInteger();
    private final Set<Launched> running = ConcurrentHashMap.newKeySet();

    JobsRunner(JavaCommand java, Path jar, Map<String, String> environment, Path logDirectory) {
        this.java = java;
        this.jar = jar;
        this.environment = environment;
        this.logDirectory = logDirectory;
    }

    Run run(String job, Duration deadline, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(job));
        args.addAll(List.of(options));
        Path log = logDirectory.resolve("jobs-" + job + "-" + runs.incrementAndGet() + ".log");
        long started = System.nanoTime();
        Launched process =
                Launched.start(java.jar(List.of("-Xmx256m"), jar, args.toArray(String[]::new)), environment, log);
        running.add(process);
        try {
            OptionalInt exit = process.waitFor(deadline);
            if (exit.isEmpty()) {
                process.kill();
            }
            List<String> lines = process.output().strip().lines().toList();
            String summary = lines.stream()
                    .filter(line -> line.startsWith(job + ":"))
                    .reduce((first, second) -> second)
                    .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
            return new Run(job, exit.orElse(-1), Duration.ofNanos(System.nanoTime() - started), log, summary);
        } finally {
            running.remove(process);
        }
    }

    /** Kills what still runs: a job is safe to kill at any moment (docs/jobs.md). */
    void killRunning() throws InterruptedException {
        for (Launched process : running) {
            process.kill();
        }
    }
}
