package dev.ledger.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The init containers of components/managed-db-client-certs, run as rendered in the images
 * bin/images built: each one, under its pod's user and the restricted container settings, copies a
 * Secret's files as kubelet mounts them (root's, mode 0444) into an emptyDir as the app's own 0600
 * files, which the JDBC driver accepts as a key (ManagedServicesIT logs in with such a key).
 */
@ResourceLock(Podman.PODS)
class ClientKeyIT {

    @Test
    void shouldCopyEachClientKeyAsTheAppsOwnerOnlyFile() throws Exception {
        List<String> copied = new ArrayList<>();
        for (Map.Entry<ObjectNode, JsonNode> workload : Manifests.podTemplates(
                        Manifests.render(Manifests.CLIENT_CERTIFICATES))
                .entrySet()) {
            JsonNode spec = workload.getValue().path("spec");
            for (JsonNode init : spec.path("initContainers")) {
                if (init.path("name").asText().endsWith("-db-client-key")) {
                    run(spec, init);
                    copied.add(Manifests.id(workload.getKey()) + "/"
                            + init.path("name").asText());
                }
            }
        }
        // both services, and both databases of each of the four jobs
        assertEquals(10, copied.size(), copied.toString());
    }

    private static void run(JsonNode spec, JsonNode init) throws IOException {
        Path pod = Files.createTempDirectory("client-key-");
        String container = "client-key-" + UUID.randomUUID();
        try {
            List<String> arguments = new ArrayList<>(List.of("run", "--rm", "--name", container));
            JsonNode user = spec.path("securityContext");
            arguments.addAll(List.of(
                    "--user",
                    user.path("runAsUser").asText() + ":"
                            + user.path("runAsGroup").asText(),
                    "--read-only",
                    "--cap-drop=all",
                    "--security-opt=no-new-privileges"));
            Path secret = null;
            Path emptyDir = null;
            for (JsonNode mount : init.path("volumeMounts")) {
                JsonNode volume = volume(spec, mount.path("name").asText());
                Path directory = pod.resolve(mount.path("name").asText());
                Files.createDirectory(directory);
                if (volume.has("secret")) {
                    secret = directory;
                    mountAsKubelet(volume.path("secret"), directory);
                    arguments.addAll(List.of(
                            "-v", directory + ":" + mount.path("mountPath").asText() + ":ro"));
                } else {
                    emptyDir = directory;
                    // kubelet creates an emptyDir world-writable
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
                    arguments.addAll(List.of(
                            "-v", directory + ":" + mount.path("mountPath").asText()));
                }
            }
            List<String> command = new ArrayList<>();
            init.path("command").forEach(argument -> command.add(argument.asText()));
            arguments.addAll(List.of(
                    "--entrypoint",
                    command.getFirst(),
                    localImage(init.path("image").asText())));
            arguments.addAll(command.subList(1, command.size()));
            Podman.ok(arguments.toArray(String[]::new));

            for (String file : List.of("tls.crt", "tls.key")) {
                Path written = emptyDir.resolve(file);
                String owner = user.path("runAsUser").asText();
                assertEquals(owner, Files.getAttribute(written, "unix:uid").toString(), written.toString());
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
                assertEquals(Files.readString(secret.resolve(file)), Files.readString(written));
            }
        } finally {
            Podman.run(30, "rm", "--force", container);
            try (Stream<Path> files = Files.walk(pod)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
    }

    /** The Secret's items as kubelet writes them: root's (here, the test's user), with the volume's mode. */
    private static void mountAsKubelet(JsonNode secret, Path directory) throws IOException {
        assertFalse(secret.path("items").isEmpty(), "the Secret volume names its items");
        int mode = secret.path("defaultMode").asInt(0644);
        for (JsonNode item : secret.path("items")) {
            Path file = directory.resolve(item.path("path").asText());
            Files.writeString(
                    file,
                    "-----" + secret.path("secretName").asText() + " "
                            + item.path("key").asText() + "-----\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions(mode)));
        }
    }

    private static String permissions(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            text.append((bits & 4) != 0 ? 'r' : '-')
                    .append((bits & 2) != 0 ? 'w' : '-')
                    .append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }

    private static JsonNode volume(JsonNode spec, String name) {
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /** The rendered image's name with the tag bin/images gives the local build. */
    private static String localImage(String image) {
        return image.replaceFirst("[@:][^/]*$", "") + ":main";
    }
}
