package dev.ledger.k8s.pods;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman as {@code bin/images} does: through {@code bin/lib/podman.sh}, which picks the
 * settings this machine's cgroup layout needs, so the tests and the image build never disagree.
 */
final class Podman {

    /**
     * The lock every pod test holds (JUnit's {@code @ResourceLock}), so that they run one at a time
     * beside the other integration tests: they play pods, secrets and image tags under the
     * manifests' fixed names, which two at once would share.
     */
    static final String PODS = "podman pods, secrets and image tags";

    static final Path REPOSITORY = Path.of(System.getProperty("ledger.repository", ".."))
            .toAbsolutePath()
            .normalize();

    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Podman() {}

    /** Runs {@code podman args...} and waits at most {@code seconds} for it. */
    static Result run(long seconds, String... args) {
        try {
            // both streams go to files, so neither pipe can fill up and stall podman
            Path out = Files.createTempFile("podman-", ".out");
            Path err = Files.createTempFile("podman-", ".err");
            try {
                Process process = builder(args)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("podman " + String.join(" ", args) + " took over " + seconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run podman: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code podman args...}; a non-zero exit fails the test with podman's own words. */
    static String ok(String... args) {
        Result result = run(180, args);
        if (!result.ok()) {
            throw new AssertionError("podman " + String.join(" ", args) + " exited " + result.exitCode() + ":\n"
                    + result.err() + result.out());
        }
        return result.out().strip();
    }

    /** The container's output, stdout and stderr, for a failure message. */
    static String logs(String container) {
        Result result = run(30, "logs", "--tail", "80", container);
        return result.out() + result.err();
    }

    /**
     * The HAProxy stand-in {@code bin/images --base local} builds from Debian packages, if the
     * local store has it; its name comes from the recipe itself.
     */
    static Optional<String> localProxyImage() {
        List<String> command = List.of(
                "bash",
                "-c",
                ". \"$0/bin/lib/podman.sh\" && . \"$0/bin/lib/local-proxy.sh\" && image=$(local_proxy_image)"
                        + " && podman image exists \"$image\" && echo \"$image\"",
                REPOSITORY.toString());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String image = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor() == 0 && !image.isEmpty() ? Optional.of(image) : Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("cannot run bash: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code podman args...} without waiting for it; its output is discarded. */
    static Process start(String... args) throws IOException {
        return builder(args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "-c",
                ". \"$0\" && exec podman \"$@\"",
                REPOSITORY.resolve("bin/lib/podman.sh").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
