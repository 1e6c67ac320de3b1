package dev.ledger.k8s.pods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pods played with {@code podman kube play}, and the podman secrets they read. {@link #close()}
 * removes all of them; a shutdown hook does it too when a test run ends early.
 */
final class PlayedPods implements AutoCloseable {

    private final Path directory;
    private final List<Path> played = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private final Thread removeOnExit = new Thread(this::remove, "remove-played-pods");

    PlayedPods(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(removeOnExit);
    }

    /** Creates each secret; the file podman reads it from is deleted right after. */
    void createSecrets(Map<String, Map<String, String>> data) throws IOException {
        for (var secret : data.entrySet()) {
            Podman.run(30, "secret", "rm", secret.getKey()); // left over from a run that was killed
            Path file = Files.createTempFile(directory, "secret-", ".json");
            try {
                Files.writeString(file, PodmanAdaptation.podmanSecret(secret.getValue()));
                Podman.ok("secret", "create", secret.getKey(), file.toString());
                secrets.add(secret.getKey());
            } finally {
                Files.delete(file);
            }
        }
    }

    /**
     * Plays one Deployment or Pod (kept as {@code <name>.yaml}) and returns the id of its container
     * named {@code container}.
     */
    synchronized String play(ObjectNode object, String container) throws IOException {
        String name = object.path("metadata").path("name").asText();
        Path file = directory.resolve(name + ".yaml");
        Files.writeString(file, yaml(object));
        played.add(file);
        Podman.run(60, "kube", "down", file.toString()); // left over from a run that was killed
        String out = Podman.ok("kube", "play", file.toString());
        // podman prints "Pod:", the pod's id, "Container:" or "Containers:", then one id per container;
        // it names each container <pod>-<container>
        List<String> lines = out.lines().map(String::strip).toList();
        int pod = lines.indexOf("Pod:");
        if (pod < 0 || pod + 1 >= lines.size()) {
            throw new AssertionError("podman kube play " + file + " started no pod:\n" + out);
        }
        String id = Podman.ok(
                "ps",
                "--all",
                "--filter",
                "pod=" + lines.get(pod + 1),
                "--filter",
                "name=-" + container + "$",
                "--format",
                "{{.ID}}");
        if (id.isEmpty() || id.contains("\n")) {
            throw new AssertionError(
                    "podman kube play " + file + " started no single container " + container + ":\n" + out);
        }
        return id;
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException shuttingDown) {
            // closed from another shutdown hook (bin/pods on Ctrl-C): this one runs too, and finds nothing left
        }
    }

    private synchronized void remove() {
        for (Path file : played.reversed()) {
            Podman.run(120, "kube", "down", file.toString());
        }
        played.clear();
        for (String secret : secrets) {
            Podman.run(30, "secret", "rm", secret);
        }
        secrets.clear();
    }

    private static String yaml(ObjectNode object) {
        try {
            return Manifests.YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
