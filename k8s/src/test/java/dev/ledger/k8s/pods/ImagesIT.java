package dev.ledger.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The images bin/images built before the tests: who they run as, their labels, their digests. */
class ImagesIT {

    private static final List<String> IMAGES = List.of(
            "ghcr.io/acd-reference/ledger-command",
            "ghcr.io/acd-reference/ledger-query",
            "ghcr.io/acd-reference/ledger-jobs");
    private static final String REBUILT_TAG = "built-again";

    @Test
    void shouldRunAsUid185() throws IOException {
        for (String image : IMAGES) {
            assertEquals("185:185", config(image + ":main").path("User").asText(), image);
        }
    }

    @Test
    void shouldCarryTheOciLabelsForSourceRevisionAndVersion() throws Exception {
        String head = run(30, "git", "rev-parse", "HEAD").strip();
        for (String image : IMAGES) {
            JsonNode labels = config(image + ":main").path("Labels");
            assertTrue(labels.path("org.opencontainers.image.source").asText().startsWith("https://"), image);
            assertTrue(
                    labels.path("org.opencontainers.image.revision").asText().matches(head + "(-dirty)?"),
                    image + " revision " + labels.path("org.opencontainers.image.revision") + ", HEAD " + head);
            assertEquals(
                    System.getProperty("ledger.version"),
                    labels.path("org.opencontainers.image.version").asText(),
                    image);
        }
    }

    @Test
    void shouldGiveTheSameDigestsWhenBuiltAgain() throws Exception {
        List<String> built =
                IMAGES.stream().map(image -> digest(image + ":main")).toList();
        try {
            run(
                    300,
                    "bin/images",
                    "--base",
                    System.getProperty("images.base", "local"),
                    "--skip-package",
                    "--tag",
                    REBUILT_TAG);
            List<String> rebuilt = IMAGES.stream()
                    .map(image -> digest(image + ":" + REBUILT_TAG))
                    .toList();
            assertEquals(built, rebuilt);
        } finally {
            for (String image : IMAGES) {
                Podman.run(60, "rmi", image + ":" + REBUILT_TAG); // podman 4.3 untag drops every tag
            }
        }
    }

    private static JsonNode config(String image) throws IOException {
        return ServicePod.JSON
                .readTree(Podman.ok("image", "inspect", image))
                .path(0)
                .path("Config");
    }

    private static String digest(String image) {
        return Podman.ok("image", "inspect", "--format", "{{.Digest}}", image);
    }

    /** Runs a command in the repository's root and returns its output; fails on a non-zero exit. */
    private static String run(long seconds, String... command) throws Exception {
        Path output = Files.createTempFile("command-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(Podman.REPOSITORY.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
            }
            assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + Files.readString(output));
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
