package dev.ledger.jobs;

import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jobs jar as its own process against the test stack, as a Kubernetes Job runs its image. */
public final class JobRun {

    /** What a finished run printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    private final Process process;
    private final Path out;
    private final Path err;

    private JobRun(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** With {@code extraEnvironment} added to the stack's, e.g. to turn tracing on. */
    public static Result run(Map<String, String> extraEnvironment, String... args)
            throws IOException, InterruptedException {
        JobRun job = start(extraEnvironment, args);
        if (!job.process.waitFor(120, TimeUnit.SECONDS)) {
            job.kill();
            throw new AssertionError("job " + List.of(args) + " did not finish in 120 s:\n" + job.output());
        }
        return new Result(job.process.exitValue(), job.output(), Files.readString(job.err));
    }

    public static JobRun start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    private static JobRun start(Map<String, String> extraEnvironment, String... args) throws IOException {
        Path target = Path.of("target");
        Path jar = target.resolve("quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        // in target/, like the build's reports: kept for a failure's inspection, gone with a clean
        Path out = Files.createTempFile(target, "job-", ".out");
        Path err = Files.createTempFile(target, "job-", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment(SharedStack.get()));
        builder.environment().putAll(extraEnvironment);
        return new JobRun(builder.start(), out, err);
    }

    static Map<String, String> environment(LocalStack stack) {
        Map<String, String> stackEnvironment = stack.environment();
        return Map.ofEntries(
                Map.entry("COMMAND_DB_HOST", stackEnvironment.get("DB_HOST")),
                Map.entry("COMMAND_DB_PORT", stackEnvironment.get("DB_PORT")),
                Map.entry("COMMAND_DB_USER", stackEnvironment.get("DB_USER")),
                Map.entry("COMMAND_DB_PASSWORD", stackEnvironment.get("DB_PASSWORD")),
                Map.entry("QUERY_DB_HOST", stackEnvironment.get("DB_HOST")),
                Map.entry("QUERY_DB_PORT", stackEnvironment.get("DB_PORT")),
                Map.entry("QUERY_DB_USER", stackEnvironment.get("DB_USER")),
                Map.entry("QUERY_DB_PASSWORD", stackEnvironment.get("DB_PASSWORD")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", stackEnvironment.get("KAFKA_BOOTSTRAP_SERVERS")));
    }

    public String output() throws IOException {
        return Files.readString(out);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a node dies or the deadline passes. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
