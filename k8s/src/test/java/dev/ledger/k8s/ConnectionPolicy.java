package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each ledger workload reaches Kafka and its databases, over rendered manifests, for both kinds of
 * environment: the operators' Kafka and PostgreSQL in the namespace (components/platform-operators) or
 * managed ones outside the cluster (components/managed-services).
 *
 * <ul>
 *   <li>{@code connections}: every setting read from a ConfigMap is in the render; an in-cluster
 *       address names a Kafka or a database the render runs; a database's host comes from its Secret.
 *   <li>{@code data-egress}: a NetworkPolicy lets the workload reach each data store on its port: the
 *       operators' pods by label, a managed Kafka by ipBlock on every bootstrap port, a managed
 *       database through the NetworkPolicy named after it, by ipBlock and port. No egress to /0.
 *   <li>{@code data-tls}: a data store outside the cluster is reached with TLS that checks the server
 *       (Kafka SSL or SASL_SSL; PostgreSQL verify-ca or verify-full), against a CA bundle mounted from
 *       a Secret; every certificate and key path is a file of a mounted Secret.
 * </ul>
 */
final class ConnectionPolicy {

    /** Strimzi's bootstrap Service of the Kafka cluster {@code <name>}, optionally qualified. */
    private static final Pattern IN_CLUSTER_KAFKA =
            Pattern.compile("([a-z0-9-]+)-kafka-bootstrap(\\.[a-z0-9-]+(\\.svc(\\.cluster\\.local)?)?)?");
    /** {@code DB_HOST}, {@code COMMAND_DB_HOST}, ...: the prefix names the database's other variables. */
    private static final Pattern DB_HOST = Pattern.compile("([A-Z]+_)?DB_HOST");

    private static final int POSTGRES_PORT = 5432;
    private static final int KAFKA_PORT = 9092;
    private static final Set<String> VERIFYING_SSL_MODES = Set.of("verify-ca", "verify-full");
    private static final Set<String> TLS_PROTOCOLS = Set.of("SSL", "SASL_SSL");

    private ConnectionPolicy() {}

    /** The environments closest to production, whose in-cluster Kafka takes TLS only (components/kafka-tls). */
    private static final Set<String> KAFKA_TLS_NAMESPACES = Set.of("ledger-stage", "ledger-prod");

    static void violations(List<ObjectNode> objects, List<String> found) {
        Manifests.podTemplates(objects).forEach((workload, pod) -> workload(objects, workload, pod, found));
        for (ObjectNode kafka : Manifests.ofKind(objects, "Kafka")) {
            if (KAFKA_TLS_NAMESPACES.contains(
                    kafka.path("metadata").path("namespace").asText())) {
                for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                    if (!listener.path("tls").asBoolean(false)) {
                        found.add("kafka-tls: " + Manifests.id(kafka) + ": listener "
                                + listener.path("name").asText() + " without TLS in "
                                + kafka.path("metadata").path("namespace").asText());
                    }
                }
            }
        }
    }

    /** One ledger workload: its first container is the ledger's. */
    private record Workload(
            List<ObjectNode> objects, String id, JsonNode pod, JsonNode container, List<JsonNode> egress) {

        /** A variable's value: its literal, or its key of a rendered ConfigMap; empty for a Secret's. */
        Optional<String> value(String name) {
            return variable(name).flatMap(variable -> {
                if (variable.has("value")) {
                    return Optional.of(variable.path("value").asText());
                }
                JsonNode reference = variable.path("valueFrom").path("configMapKeyRef");
                return Manifests.find(
                                objects, "ConfigMap", reference.path("name").asText())
                        .map(configMap -> configMap
                                .path("data")
                                .path(reference.path("key").asText()))
                        .filter(JsonNode::isTextual)
                        .map(JsonNode::asText);
            });
        }

        Optional<JsonNode> variable(String name) {
            return Manifests.elements(container.path("env"))
                    .filter(variable -> name.equals(variable.path("name").asText()))
                    .findFirst();
        }

        /** Whether an egress rule of a policy selecting the pod allows the port to a peer that passes. */
        boolean reaches(int port, Predicate<JsonNode> peer) {
            return egress.stream()
                    .anyMatch(rule -> allowsPort(rule, port)
                            && Manifests.elements(rule.path("to")).anyMatch(peer));
        }
    }

    private static void workload(List<ObjectNode> objects, ObjectNode owner, JsonNode pod, List<String> found) {
        JsonNode labels = pod.path("metadata").path("labels");
        JsonNode container = pod.path("spec").path("containers").path(0);
        if (!"ledger".equals(labels.path("app.kubernetes.io/part-of").asText()) || !Policies.isLedgerImage(container)) {
            return;
        }
        List<JsonNode> egress = Manifests.ofKind(objects, "NetworkPolicy").stream()
                .filter(policy -> Manifests.selects(policy.path("spec").path("podSelector"), labels))
                .flatMap(policy -> Manifests.elements(policy.path("spec").path("egress")))
                .toList();
        Workload workload = new Workload(objects, Manifests.id(owner), pod, container, egress);
        configMapReferences(workload, found);
        for (JsonNode rule : egress) {
            for (JsonNode peer : rule.path("to")) {
                String cidr = peer.path("ipBlock").path("cidr").asText();
                if (cidr.endsWith("/0")) {
                    found.add("data-egress: " + workload.id() + ": egress to " + cidr + " lets it reach any address");
                }
            }
        }
        kafka(workload, found);
        for (JsonNode variable : container.path("env")) {
            Matcher host = DB_HOST.matcher(variable.path("name").asText());
            if (host.matches()) {
                database(workload, host.group(1) == null ? "" : host.group(1), variable, found);
            }
        }
    }

    /** Every key read from a ConfigMap is in the render; a missing required key keeps the pod from starting. */
    private static void configMapReferences(Workload workload, List<String> found) {
        for (JsonNode variable : workload.container().path("env")) {
            JsonNode reference = variable.path("valueFrom").path("configMapKeyRef");
            if (reference.isMissingNode()) {
                continue;
            }
            String name = reference.path("name").asText();
            String key = reference.path("key").asText();
            Optional<ObjectNode> configMap = Manifests.find(workload.objects(), "ConfigMap", name);
            if (configMap.isEmpty()) {
                found.add("connections: " + workload.id() + ": "
                        + variable.path("name").asText() + " reads ConfigMap " + name
                        + ", which the render does not hold");
            } else if (!configMap.get().path("data").has(key)
                    && !reference.path("optional").asBoolean(false)) {
                found.add("connections: " + workload.id() + ": "
                        + variable.path("name").asText() + " needs the key " + key + " in ConfigMap " + name);
            }
        }
    }

    private static void kafka(Workload workload, List<String> found) {
        Optional<String> bootstrap = workload.value("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap.isEmpty() || bootstrap.get().isBlank()) {
            found.add("connections: " + workload.id()
                    + ": KAFKA_BOOTSTRAP_SERVERS neither set nor read from a ConfigMap of the render");
            return;
        }
        boolean outside = false;
        for (String address : bootstrap.get().split(",")) {
            String host = address.strip().replaceFirst(":[0-9]+$", "");
            String portText = address.strip().substring(host.length()).replace(":", "");
            int port = portText.isEmpty() ? KAFKA_PORT : Integer.parseInt(portText);
            Matcher inCluster = IN_CLUSTER_KAFKA.matcher(host);
            if (inCluster.matches()) {
                String cluster = inCluster.group(1);
                Optional<ObjectNode> kafka = Manifests.find(workload.objects(), "Kafka", cluster);
                if (kafka.isEmpty()) {
                    found.add("connections: " + workload.id() + ": KAFKA_BOOTSTRAP_SERVERS names the in-cluster Kafka "
                            + cluster + ", which the render does not run");
                } else {
                    listener(workload, kafka.get(), port, found);
                }
                ObjectNode brokers = Manifests.YAML
                        .createObjectNode()
                        .put("strimzi.io/cluster", cluster)
                        .put("strimzi.io/kind", "Kafka");
                if (!workload.reaches(port, peer -> podsHere(peer, brokers))) {
                    found.add("data-egress: " + workload.id() + ": no NetworkPolicy lets it reach the pods of Kafka "
                            + cluster + " on port " + port);
                }
            } else {
                outside = true;
                if (!workload.reaches(port, ConnectionPolicy::ipBlock)) {
                    found.add("data-egress: " + workload.id() + ": no NetworkPolicy lets it reach the Kafka at "
                            + address.strip() + " (an ipBlock egress rule with port " + port + ")");
                }
            }
        }
        if (outside) {
            String protocol = workload.value("KAFKA_SECURITY_PROTOCOL").orElse("PLAINTEXT");
            if (!TLS_PROTOCOLS.contains(protocol)) {
                found.add("data-tls: " + workload.id() + ": KAFKA_SECURITY_PROTOCOL " + protocol
                        + " to a Kafka outside the cluster: SASL_SSL or SSL");
            }
            secretFile(workload, "KAFKA_SSL_CA_LOCATION", found);
        }
    }

    /**
     * The in-cluster listener on the port the workload connects to decides its protocol: TLS
     * (SASL_SSL or SSL, with a CA file from a Secret) on a listener with {@code tls: true},
     * plaintext on one without.
     */
    private static void listener(Workload workload, ObjectNode kafka, int port, List<String> found) {
        JsonNode listener = null;
        for (JsonNode candidate : kafka.path("spec").path("kafka").path("listeners")) {
            if (candidate.path("port").asInt() == port) {
                listener = candidate;
            }
        }
        if (listener == null) {
            found.add("connections: " + workload.id() + ": Kafka " + Manifests.id(kafka) + " has no listener on port "
                    + port);
            return;
        }
        String protocol = workload.value("KAFKA_SECURITY_PROTOCOL").orElse("PLAINTEXT");
        boolean tls = listener.path("tls").asBoolean(false);
        if (tls != TLS_PROTOCOLS.contains(protocol)) {
            found.add("data-tls: " + workload.id() + ": KAFKA_SECURITY_PROTOCOL " + protocol + " to the listener "
                    + listener.path("name").asText() + (tls ? ", which takes TLS only" : ", which has no TLS"));
        }
        if (tls) {
            secretFile(workload, "KAFKA_SSL_CA_LOCATION", found);
        }
    }

    private static void database(Workload workload, String prefix, JsonNode host, List<String> found) {
        String secret = host.path("valueFrom").path("secretKeyRef").path("name").asText();
        if (secret.isEmpty()) {
            found.add("connections: " + workload.id() + ": " + prefix
                    + "DB_HOST must come from the database's Secret (host, port, dbname, username, password)");
            return;
        }
        // CloudNativePG writes the Secret <cluster>-app; a managed database's Secret has the same name.
        String name = secret.replaceFirst("-app$", "");
        if (Manifests.find(workload.objects(), "Cluster", name).isPresent()) {
            JsonNode instances = Manifests.YAML.createObjectNode().put("cnpg.io/cluster", name);
            if (!workload.reaches(POSTGRES_PORT, peer -> podsHere(peer, instances))) {
                found.add("data-egress: " + workload.id() + ": no NetworkPolicy lets it reach the PostgreSQL pods of "
                        + name + " on port " + POSTGRES_PORT);
            }
        } else {
            managedDatabase(workload, prefix, name, found);
        }
    }

    /** A database outside the cluster: egress through the NetworkPolicy named after it, verified TLS. */
    private static void managedDatabase(Workload workload, String prefix, String name, List<String> found) {
        Optional<ObjectNode> policy = Manifests.find(workload.objects(), "NetworkPolicy", name);
        JsonNode labels = workload.pod().path("metadata").path("labels");
        if (policy.isEmpty() || !Manifests.selects(policy.get().path("spec").path("podSelector"), labels)) {
            found.add("data-egress: " + workload.id() + ": " + prefix + "DB_* name " + name
                    + ", a database outside the cluster: the NetworkPolicy " + name + " must select its pods");
        } else {
            JsonNode egress = policy.get().path("spec").path("egress");
            boolean byAddress = !egress.isEmpty()
                    && Manifests.elements(egress)
                            .allMatch(rule -> !rule.path("ports").isEmpty()
                                    && !rule.path("to").isEmpty()
                                    && Manifests.elements(rule.path("to")).allMatch(ConnectionPolicy::ipBlock));
            if (!byAddress) {
                found.add("data-egress: " + workload.id() + ": " + Manifests.id(policy.get())
                        + " must let it reach the database by ipBlock and port, which the overlay sets");
            }
        }
        String mode = workload.value(prefix + "DB_SSL_MODE").orElse("disable");
        if (!VERIFYING_SSL_MODES.contains(mode)) {
            found.add("data-tls: " + workload.id() + ": " + prefix + "DB_SSL_MODE " + mode
                    + " to a database outside the cluster: verify-full or verify-ca");
        }
        secretFile(workload, prefix + "DB_SSL_ROOT_CERT", found);
    }

    /** The variable names a file that a Secret volume mounted in the container holds. */
    private static void secretFile(Workload workload, String variable, List<String> found) {
        Optional<String> path = workload.value(variable);
        if (path.isEmpty()) {
            found.add("data-tls: " + workload.id() + ": " + variable + " must name a file (PEM)");
            return;
        }
        for (JsonNode mount : workload.container().path("volumeMounts")) {
            String directory = mount.path("mountPath").asText() + "/";
            if (!path.get().startsWith(directory)) {
                continue;
            }
            String file = path.get().substring(directory.length());
            Optional<JsonNode> secret = Manifests.elements(
                            workload.pod().path("spec").path("volumes"))
                    .filter(volume -> mount.path("name")
                            .asText()
                            .equals(volume.path("name").asText()))
                    .map(volume -> volume.path("secret"))
                    .filter(JsonNode::isObject)
                    .findFirst();
            JsonNode items = secret.map(s -> s.path("items")).orElse(null);
            if (secret.isPresent()
                    && (items.isMissingNode()
                            || Manifests.elements(items)
                                    .anyMatch(item ->
                                            file.equals(item.path("path").asText())))) {
                return;
            }
        }
        found.add("data-tls: " + workload.id() + ": " + variable + " " + path.get()
                + " is no file of a Secret mounted in the container");
    }

    static boolean allowsPort(JsonNode rule, int port) {
        for (JsonNode allowed : rule.path("ports")) {
            int from = allowed.path("port").asInt(-1);
            int to = allowed.path("endPort").asInt(from);
            if (from <= port && port <= to) {
                return true;
            }
        }
        return false;
    }

    /** A peer in the policy's own namespace whose pod selector selects pods with these labels. */
    private static boolean podsHere(JsonNode peer, JsonNode labels) {
        return peer.has("podSelector")
                && !peer.has("namespaceSelector")
                && Manifests.selects(peer.path("podSelector"), labels);
    }

    static boolean ipBlock(JsonNode peer) {
        return !peer.path("ipBlock").path("cidr").asText().isEmpty();
    }
}
