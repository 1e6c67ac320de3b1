package dev.ledger.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The images bin/images built before the tests: who they run as, their labels, their digests, the
 * SBOM each carries, and that none carries a secret.
 */
@ResourceLock(Podman.PODS)
class ImagesIT {

    private static final List<String> IMAGES = List.of(
            "ghcr.io/acd-reference/ledger-command",
            "ghcr.io/acd-reference/ledger-query",
            "ghcr.io/acd-reference/ledger-jobs");
    private static final String REBUILT_TAG = "built-again";
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    /** A password property with a literal value: {@code x.password=secret}, not {@code x.password=${DB_PASSWORD}}. */
    private static final Pattern LITERAL_PASSWORD =
            Pattern.compile("(?m)^\\s*([\\w.%\"-]*password)\\s*[=:]\\s*(?!\\$\\{)(\\S+)");

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

    @Test
    void shouldCarryTheSbomOfItsBuild() throws Exception {
        for (String image : IMAGES) {
            Path built = Podman.REPOSITORY.resolve(module(image)).resolve("target/quarkus-app/sbom.cdx.json");
            String carried =
                    Podman.ok("run", "--rm", "--entrypoint", "cat", image + ":main", "/deployments/sbom.cdx.json");
            assertEquals(Files.readString(built).strip(), carried, image);
        }
    }

    /**
     * Walks each image's files as its layers stack them, and the entries of every jar: no private
     * key in any text file, and no password in an application's configuration file
     * ({@code application*.properties}, {@code application*.yaml}, {@code microprofile-config.properties})
     * that is not read from the environment ({@code ${...}}), in any profile.
     */
    @Test
    void shouldCarryNoSecret() throws Exception {
        List<String> found = new ArrayList<>();
        for (String image : IMAGES) {
            Path root = Path.of(Podman.ok("image", "mount", image + ":main"));
            try (Stream<Path> files = Files.walk(root.resolve("deployments"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = image + ":" + root.relativize(file);
                    if (file.toString().endsWith(".jar")) {
                        try (ZipFile jar = new ZipFile(file.toFile())) {
                            for (ZipEntry entry : Collections.list(jar.entries())) {
                                if (!entry.isDirectory() && textual(entry.getName())) {
                                    try (InputStream content = jar.getInputStream(entry)) {
                                        secrets(
                                                name + "!" + entry.getName(),
                                                new String(content.readAllBytes()),
                                                found);
                                    }
                                }
                            }
                        }
                    } else if (textual(file.toString())) {
                        secrets(name, Files.readString(file), found);
                    }
                }
            } finally {
                Podman.ok("image", "unmount", image + ":main");
            }
        }
        assertEquals(List.of(), found);
    }

    private static boolean textual(String name) {
        return name.endsWith(".properties")
                || name.endsWith(".yaml")
                || name.endsWith(".yml")
                || name.endsWith(".json")
                || name.endsWith(".pem")
                || name.endsWith(".key")
                || name.endsWith(".crt")
                || name.endsWith(".xml")
                || name.endsWith(".conf");
    }

    private static void secrets(String file, String text, List<String> found) {
        if (PRIVATE_KEY.matcher(text).find()) {
            found.add(file + ": a private key");
        }
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (!name.startsWith("application") && !name.equals("microprofile-config.properties")) {
            return;
        }
        Matcher password = LITERAL_PASSWORD.matcher(text);
        while (password.find()) {
            found.add(file + ": " + password.group(1) + " is not read from the environment");
        }
    }

    /** {@code ledger-command} is the image of {@code command-service}; {@code ledger-jobs} of {@code jobs}. */
    private static String module(String image) {
        String name = image.substring(image.lastIndexOf("/ledger-") + "/ledger-".length());
        return name.equals("jobs") ? name : name + "-service";
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
