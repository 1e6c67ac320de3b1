package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule {@code db-client-key}, over rendered manifests: a ledger workload that logs in to PostgreSQL
 * with a client certificate ({@code DB_SSL_CERT} and {@code DB_SSL_KEY}, or the jobs'
 * {@code COMMAND_}/{@code QUERY_} ones) names both, and reads them from an in-memory emptyDir that an
 * init container of the same image fills from a Secret with {@code install -m 0600}. The JDBC driver
 * refuses a key its group or others may read, and Kubernetes mounts a Secret's files as root's, so
 * the Secret itself cannot be the key's file (components/managed-db-client-certs).
 */
final class ClientKeyPolicy {

    private static final Pattern KEY = Pattern.compile("([A-Z]+_)?DB_SSL_KEY");

    private ClientKeyPolicy() {}

    static void violations(List<ObjectNode> objects, List<String> found) {
        Policies.ledgerPods(objects)
                .forEach((owner, pod) -> workload(
                        Manifests.id(owner),
                        pod.path("spec"),
                        pod.path("spec").path("containers").path(0),
                        found));
    }

    private static void workload(String id, JsonNode spec, JsonNode container, List<String> found) {
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            String prefix = name.replaceFirst("DB_SSL_(CERT|KEY)$", "");
            if (name.equals(prefix + "DB_SSL_CERT")
                    && value(container, prefix + "DB_SSL_KEY").isEmpty()) {
                found.add("db-client-key: " + id + ": " + name + " without " + prefix + "DB_SSL_KEY");
            }
            Matcher key = KEY.matcher(name);
            if (!key.matches()) {
                continue;
            }
            Optional<String> certificate = value(container, prefix + "DB_SSL_CERT");
            if (certificate.isEmpty()) {
                found.add("db-client-key: " + id + ": " + name + " without " + prefix + "DB_SSL_CERT");
            }
            String path = variable.path("value").asText();
            Optional<JsonNode> mount = mountOf(container, path);
            Optional<JsonNode> volume =
                    mount.flatMap(m -> volume(spec, m.path("name").asText()));
            if (volume.isEmpty()
                    || !"Memory"
                            .equals(volume.get().path("emptyDir").path("medium").asText())) {
                found.add("db-client-key: " + id + ": " + name + " " + path
                        + " must be a file of an in-memory emptyDir that an init container fills: the JDBC driver"
                        + " refuses a key that a Secret's mount lets its group or others read");
                continue;
            }
            String volumeName = mount.get().path("name").asText();
            if (Manifests.elements(spec.path("initContainers"))
                    .noneMatch(init -> copiesOwnerOnly(spec, container, init, volumeName, path))) {
                found.add("db-client-key: " + id + ": no init container of the app's image copies " + path
                        + " from a Secret into the volume " + volumeName + " with install -m 0600");
            }
            if (certificate.isPresent() && mountOf(container, certificate.get()).isEmpty()) {
                found.add("db-client-key: " + id + ": " + prefix + "DB_SSL_CERT " + certificate.get()
                        + " is no file of a volume the container mounts");
            }
        }
    }

    /**
     * Whether the init container runs once (not a sidecar), has the app's image, mounts a Secret and
     * the volume, and installs the key's file name into it with mode 0600.
     */
    private static boolean copiesOwnerOnly(
            JsonNode spec, JsonNode container, JsonNode init, String volumeName, String keyPath) {
        if (init.has("restartPolicy")
                || !init.path("image").asText().equals(container.path("image").asText())) {
            return false;
        }
        boolean readsSecret = Manifests.elements(init.path("volumeMounts"))
                .anyMatch(m -> volume(spec, m.path("name").asText())
                        .map(v -> v.has("secret"))
                        .orElse(false));
        Optional<JsonNode> target = Manifests.elements(init.path("volumeMounts"))
                .filter(m -> volumeName.equals(m.path("name").asText()))
                .findFirst();
        List<String> command =
                Manifests.elements(init.path("command")).map(JsonNode::asText).toList();
        String file = keyPath.substring(keyPath.lastIndexOf('/') + 1);
        return readsSecret
                && target.isPresent()
                && command.size() >= 4
                && command.subList(0, 3).equals(List.of("install", "-m", "0600"))
                && command.stream().anyMatch(argument -> argument.endsWith("/" + file))
                && command.getLast()
                        .replaceFirst("/$", "")
                        .equals(target.get().path("mountPath").asText());
    }

    private static Optional<String> value(JsonNode container, String name) {
        return Manifests.elements(container.path("env"))
                .filter(variable -> name.equals(variable.path("name").asText()))
                .map(variable -> variable.path("value").asText())
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    /** The container's mount holding the file, by the longest matching mount path. */
    private static Optional<JsonNode> mountOf(JsonNode container, String path) {
        return Manifests.elements(container.path("volumeMounts"))
                .filter(mount -> path.startsWith(mount.path("mountPath").asText() + "/"))
                .max((a, b) -> Integer.compare(
                        a.path("mountPath").asText().length(),
                        b.path("mountPath").asText().length()));
    }

    private static Optional<JsonNode> volume(JsonNode spec, String name) {
        return Manifests.elements(spec.path("volumes"))
                .filter(volume -> name.equals(volume.path("name").asText()))
                .findFirst();
    }
}
