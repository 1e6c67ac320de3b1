package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay and scenario meets every rule, and every rule fires when its requirement is broken. */
class PolicyTest {

    private static final String PROD = "overlays/prod";
    /** The A/B testing release (release-ab-testing). */
    private static final String STAGE = "overlays/stage";
    /** Kafka and PostgreSQL as managed services (managed-services). */
    private static final String MANAGED = Manifests.MANAGED;
    /** Client certificates for the managed databases (managed-db-client-certs). */
    private static final String CLIENT_CERTIFICATES = Manifests.CLIENT_CERTIFICATES;

    private static final Map<String, List<ObjectNode>> RENDERED = new HashMap<>();

    static List<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS;
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void shouldMeetEveryRule(String kustomization) {
        assertEquals(List.of(), Policies.violations(rendered(kustomization)));
    }

    static Stream<Arguments> brokenRequirements() {
        return Stream.of(
                broken(
                        "command-recreate",
                        objects -> spec(objects, "Deployment", "ledger-command")
                                .putObject("strategy")
                                .put("type", "RollingUpdate")),
                broken(
                        "command-recreate",
                        objects -> spec(objects, "Deployment", "ledger-command").put("replicas", 2)),
                broken(
                        "query-rolling",
                        objects -> ((ObjectNode) spec(objects, "Deployment", "ledger-query")
                                        .path("strategy")
                                        .path("rollingUpdate"))
                                .put("maxUnavailable", "1")),
                broken(
                        "query-rolling",
                        objects -> podSpec(objects, "ledger-query").remove("topologySpreadConstraints")),
                broken("probes", objects -> container(objects, "ledger-query").remove("readinessProbe")),
                broken(
                        "probes",
                        objects -> ((ObjectNode) container(objects, "ledger-command")
                                        .path("livenessProbe")
                                        .path("httpGet"))
                                .put("path", "/")),
                broken(
                        "graceful-shutdown",
                        objects -> podSpec(objects, "ledger-command").put("terminationGracePeriodSeconds", 5)),
                broken(
                        "graceful-shutdown",
                        objects -> container(objects, "ledger-query").remove("lifecycle")),
                broken(
                        "resources",
                        objects ->
                                ((ObjectNode) container(objects, "ledger-query").path("resources")).remove("limits")),
                broken(
                        "resources",
                        objects -> container(objects, "ledger-command").remove("env")),
                broken("resources", objects -> limits(objects, "ledger-query").put("memory", "384Mi")),
                broken(
                        "restricted",
                        objects -> ((ObjectNode)
                                        container(objects, "ledger-command").path("securityContext"))
                                .put("allowPrivilegeEscalation", true)),
                broken(
                        "restricted",
                        objects -> ((ObjectNode)
                                        container(objects, "ledger-query").path("securityContext"))
                                .put("readOnlyRootFilesystem", false)),
                broken(
                        "restricted",
                        objects -> ((ObjectNode)
                                        podSpec(objects, "ledger-command").path("securityContext"))
                                .remove("seccompProfile")),
                broken(
                        "restricted",
                        objects -> ((ObjectNode) cronJobContainer(objects, "ledger-jobs-reconcile")
                                        .path("securityContext")
                                        .path("capabilities"))
                                .putArray("drop")),
                broken(
                        "jobs",
                        objects -> ((ObjectNode) spec(objects, "CronJob", "ledger-jobs-purge-outbox"))
                                .put("concurrencyPolicy", "Allow")),
                broken(
                        "jobs",
                        objects -> ((ObjectNode) spec(objects, "CronJob", "ledger-jobs-report")
                                        .path("jobTemplate")
                                        .path("spec"))
                                .remove("activeDeadlineSeconds")),
                broken(
                        "hpa-query-only",
                        objects -> ((ObjectNode) spec(objects, "HorizontalPodAutoscaler", "ledger-query")
                                        .path("scaleTargetRef"))
                                .put("name", "ledger-command")),
                broken(
                        "pdb",
                        objects -> objects.removeIf(o -> o.path("kind").asText().equals("PodDisruptionBudget"))),
                broken(
                        "pod-security",
                        objects -> ((ObjectNode) Manifests.ofKind(objects, "Namespace")
                                        .get(0)
                                        .path("metadata")
                                        .path("labels"))
                                .put("pod-security.kubernetes.io/enforce", "baseline")),
                broken(
                        "ingress-port",
                        objects -> ((ObjectNode) sidecar(objects, "ledger-query")
                                        .path("ports")
                                        .get(0))
                                .put("containerPort", 8444)),
                broken(
                        "acd-proxy",
                        objects -> podSpec(objects, "ledger-command").remove("initContainers")),
                broken("acd-proxy", objects -> sidecar(objects, "ledger-query").remove("restartPolicy")),
                broken(
                        "acd-proxy",
                        objects -> container(objects, "ledger-command")
                                .putArray("ports")
                                .addObject()
                                .put("containerPort", 8180)),
                broken(
                        "acd-proxy",
                        objects -> ((ObjectNode) container(objects, "ledger-query")
                                        .path("readinessProbe")
                                        .path("httpGet"))
                                .put("port", 8180)),
                broken(
                        "acd-proxy",
                        objects -> ((ObjectNode) spec(objects, "Service", "ledger-command")
                                        .path("ports")
                                        .get(0))
                                .put("targetPort", 8180)),
                broken(
                        "acd-proxy",
                        objects -> ((ObjectNode)
                                        spec(objects, "Canary", "ledger-query").path("service"))
                                .put("targetPort", 8180)),
                broken(
                        "restricted",
                        objects -> ((ObjectNode)
                                        sidecar(objects, "ledger-command").path("securityContext"))
                                .put("readOnlyRootFilesystem", false)),
                broken(
                        "default-deny",
                        objects -> objects.removeIf(
                                o -> o.path("metadata").path("name").asText().equals("default-deny"))),
                broken(
                        "labels",
                        objects -> ((ObjectNode) Manifests.find(objects, "Deployment", "ledger-query")
                                        .orElseThrow()
                                        .path("metadata")
                                        .path("labels"))
                                .remove("app.kubernetes.io/part-of")),
                brokenIn(
                        STAGE,
                        "release-ab",
                        objects ->
                                analysis(objects).putArray("stepWeights").add(5).add(50)),
                brokenIn(STAGE, "release-ab", objects -> analysis(objects).remove("iterations")),
                brokenIn(
                        Manifests.BLUE_GREEN,
                        "release-blue-green",
                        objects -> analysis(objects)
                                .putArray("match")
                                .addObject()
                                .putObject("headers")
                                .putObject("X-Region")
                                .put("exact", "eu")),
                brokenIn(
                        Manifests.BLUE_GREEN,
                        "release-blue-green",
                        objects -> analysis(objects).put("stepWeight", 10)),
                broken(
                        "release-metrics",
                        objects -> ((ObjectNode)
                                        analysis(objects).path("metrics").get(2).path("templateRef"))
                                .put("name", "ledger-error-rate")),
                broken(
                        "release-metrics",
                        objects -> objects.removeIf(o -> o.path("kind").asText().equals("MetricTemplate"))),
                broken(
                        "release-target",
                        objects -> ((ObjectNode)
                                        spec(objects, "Canary", "ledger-query").path("targetRef"))
                                .put("name", "ledger-command")),
                broken(
                        "release-selector",
                        objects -> ((ObjectNode) spec(objects, "Deployment", "ledger-query")
                                        .path("selector")
                                        .path("matchLabels"))
                                .put("app.kubernetes.io/part-of", "ledger")),
                broken(
                        "release-service",
                        objects -> objects.add(renamed(objects, "Service", "ledger-command", "ledger-query-canary"))),
                broken(
                        "release-one-canary",
                        objects -> objects.add(renamed(objects, "Canary", "ledger-query", "ledger-query-again"))),
                broken(
                        "release-primary",
                        objects -> spec(objects, "PodDisruptionBudget", "ledger-query")
                                .putObject("selector")
                                .putObject("matchLabels")
                                .put("app.kubernetes.io/name", "ledger-query")),
                broken(
                        "release-primary",
                        objects -> spec(objects, "NetworkPolicy", "ledger-query")
                                .putObject("podSelector")
                                .putObject("matchLabels")
                                .put("app.kubernetes.io/name", "ledger-query")),
                broken(
                        "release-primary",
                        objects -> spec(objects, "PodMonitor", "ledger-services")
                                .putObject("selector")
                                .putObject("matchLabels")
                                .put("app.kubernetes.io/name", "ledger-query")),
                broken(
                        "release-autoscaler",
                        objects -> spec(objects, "Canary", "ledger-query").remove("autoscalerRef")),
                broken("tracing", objects -> container(objects, "ledger-query").remove("envFrom")),
                broken(
                        "tracing",
                        objects -> container(objects, "ledger-command")
                                .withArray("env")
                                .forEach(variable -> {
                                    if (variable.path("name").asText().equals("OTEL_SDK_DISABLED")) {
                                        ((ObjectNode) variable).put("value", "true");
                                    }
                                })),
                broken(
                        "tracing-egress",
                        objects -> objects.removeIf(object ->
                                object.path("metadata").path("name").asText().equals("ledger-tracing"))),
                broken(
                        "connections",
                        objects -> objects.removeIf(o -> o.path("kind").asText().equals("Kafka"))),
                brokenIn(
                        MANAGED,
                        "connections",
                        objects -> variable(container(objects, "ledger-command"), "KAFKA_BOOTSTRAP_SERVERS")
                                .put("value", "ledger-kafka-bootstrap:9092")
                                .remove("valueFrom")),
                brokenIn(MANAGED, "connections", objects -> connections(objects).remove("DB_SSL_MODE")),
                broken(
                        "data-egress",
                        objects -> ((ObjectNode) spec(objects, "NetworkPolicy", "ledger-command")
                                        .path("egress")
                                        .get(2)
                                        .path("ports")
                                        .get(0))
                                .put("port", 5433)),
                brokenIn(
                        MANAGED,
                        "data-egress",
                        objects -> objects.removeIf(o -> o.path("kind").asText().equals("NetworkPolicy")
                                && o.path("metadata").path("name").asText().equals("ledger-kafka"))),
                brokenIn(
                        MANAGED,
                        "data-egress",
                        objects ->
                                connections(objects).put("KAFKA_BOOTSTRAP_SERVERS", "b-1.kafka.ledger.example:9094")),
                brokenIn(
                        MANAGED,
                        "data-egress",
                        objects -> spec(objects, "NetworkPolicy", "ledger-query-db")
                                .putArray("egress")),
                brokenIn(
                        MANAGED,
                        "data-egress",
                        objects -> ((ObjectNode) spec(objects, "NetworkPolicy", "ledger-command-db")
                                        .path("egress")
                                        .get(0)
                                        .path("to")
                                        .get(0)
                                        .path("ipBlock"))
                                .put("cidr", "0.0.0.0/0")),
                brokenIn(
                        MANAGED,
                        "data-egress",
                        objects -> ((ObjectNode) spec(objects, "NetworkPolicy", "ledger-command-db")
                                        .path("podSelector")
                                        .path("matchExpressions")
                                        .get(0))
                                .putArray("values")
                                .add("ledger-command")),
                brokenIn(
                        MANAGED,
                        "data-tls",
                        objects -> connections(objects).put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")),
                brokenIn(MANAGED, "data-tls", objects -> connections(objects).put("DB_SSL_MODE", "require")),
                // in-cluster Kafka over TLS (components/kafka-tls): the protocol follows the listener
                broken(
                        "data-tls",
                        objects -> variable(container(objects, "ledger-command"), "KAFKA_SECURITY_PROTOCOL")
                                .put("value", "SASL_PLAINTEXT")),
                broken("data-tls", objects -> kafkaListener(objects).put("tls", false)),
                broken(
                        "data-tls",
                        objects -> ((ArrayNode)
                                        container(objects, "ledger-command").path("volumeMounts"))
                                .removeIf(mount -> mount.path("name").asText().equals("kafka-ca"))),
                broken("kafka-tls", objects -> {
                    kafkaListener(objects).put("tls", false);
                    Manifests.podTemplates(objects)
                            .values()
                            .forEach(pod -> pod.path("spec")
                                    .path("containers")
                                    .forEach(container -> container.path("env").forEach(env -> {
                                        if (env.path("name").asText().equals("KAFKA_SECURITY_PROTOCOL")) {
                                            ((ObjectNode) env).put("value", "SASL_PLAINTEXT");
                                        }
                                    })));
                }),
                brokenIn(
                        MANAGED,
                        "data-tls",
                        objects -> ((ArrayNode)
                                        container(objects, "ledger-query").path("volumeMounts"))
                                .removeIf(mount -> mount.path("name").asText().equals("kafka-ca"))),
                broken(
                        "read-only-jobs",
                        objects -> ((ObjectNode)
                                        variable(cronJobContainer(objects, "ledger-jobs-report"), "QUERY_DB_USER")
                                                .path("valueFrom")
                                                .path("secretKeyRef"))
                                .put("name", "ledger-query-db-app")),
                broken(
                        "read-only-jobs",
                        objects -> ((ObjectNode) spec(objects, "Cluster", "ledger-query-db")).remove("managed")),
                broken(
                        "identity-provider",
                        objects -> ((ObjectNode) Manifests.find(objects, "NetworkPolicy", "ledger-identity-provider")
                                        .orElseThrow()
                                        .path("spec"))
                                .putArray("egress")),
                broken(
                        "identity-provider",
                        objects -> ((ArrayNode)
                                        container(objects, "ledger-query").path("env"))
                                .removeIf(variable ->
                                        variable.path("name").asText().equals("JWT_AUDIENCE"))),
                brokenIn(
                        MANAGED,
                        "identity-provider",
                        objects -> configMap(objects, "ledger-auth-")
                                .put("JWT_JWKS_URL", "http://sso.managed.ledger.example/realms/ledger/certs")),
                brokenIn(CLIENT_CERTIFICATES, "db-client-key", objects -> {
                    // the key read straight from the Secret's mount, which root owns
                    ObjectNode query = container(objects, "ledger-query");
                    ((ArrayNode) query.path("volumeMounts"))
                            .addObject()
                            .put("name", "query-db-client-secret")
                            .put("mountPath", "/etc/ledger/query-db-client-secret");
                    variable(query, "DB_SSL_KEY").put("value", "/etc/ledger/query-db-client-secret/tls.key");
                }),
                brokenIn(
                        CLIENT_CERTIFICATES,
                        "db-client-key",
                        objects -> ((ArrayNode) initContainer(objects, "ledger-command", "command-db-client-key")
                                        .path("command"))
                                .set(2, Manifests.YAML.getNodeFactory().textNode("0640"))),
                brokenIn(
                        CLIENT_CERTIFICATES,
                        "db-client-key",
                        objects -> initContainer(objects, "ledger-query", "query-db-client-key")
                                .put("image", "ghcr.io/acd-reference/ledger-query:0.0.9")),
                brokenIn(
                        CLIENT_CERTIFICATES,
                        "db-client-key",
                        objects -> ((ArrayNode) cronJobContainer(objects, "ledger-jobs-reconcile")
                                        .path("env"))
                                .removeIf(variable ->
                                        variable.path("name").asText().equals("QUERY_DB_SSL_CERT"))));
    }

    @ParameterizedTest(name = "{0} in {1}: {index}")
    @MethodSource("brokenRequirements")
    void shouldReportABrokenRequirement(String rule, String kustomization, Consumer<List<ObjectNode>> breakIt) {
        List<ObjectNode> objects = new ArrayList<>(Manifests.deepCopy(rendered(kustomization)));
        breakIt.accept(objects);
        List<String> violations = Policies.violations(objects);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith(rule + ":")), rule + " did not fire: " + violations);
    }

    private static List<ObjectNode> rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, path -> Manifests.render(path));
    }

    /** A requirement broken in a copy of the prod overlay's objects. */
    private static Arguments broken(String rule, Consumer<List<ObjectNode>> breakIt) {
        return brokenIn(PROD, rule, breakIt);
    }

    private static Arguments brokenIn(String kustomization, String rule, Consumer<List<ObjectNode>> breakIt) {
        return Arguments.of(rule, kustomization, breakIt);
    }

    /** A copy of an object under another name. */
    private static ObjectNode renamed(List<ObjectNode> objects, String kind, String name, String newName) {
        ObjectNode copy = Manifests.find(objects, kind, name).orElseThrow().deepCopy();
        ((ObjectNode) copy.path("metadata")).put("name", newName);
        return copy;
    }

    private static ObjectNode analysis(List<ObjectNode> objects) {
        return (ObjectNode) spec(objects, "Canary", "ledger-query").path("analysis");
    }

    private static ObjectNode spec(List<ObjectNode> objects, String kind, String name) {
        return (ObjectNode) Manifests.find(objects, kind, name).orElseThrow().path("spec");
    }

    private static ObjectNode podSpec(List<ObjectNode> objects, String deployment) {
        return (ObjectNode)
                spec(objects, "Deployment", deployment).path("template").path("spec");
    }

    private static ObjectNode container(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) ((ArrayNode) podSpec(objects, deployment).path("containers")).get(0);
    }

    private static ObjectNode limits(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) container(objects, deployment).path("resources").path("limits");
    }

    private static ObjectNode initContainer(List<ObjectNode> objects, String deployment, String name) {
        for (JsonNode init : podSpec(objects, deployment).path("initContainers")) {
            if (init.path("name").asText().equals(name)) {
                return (ObjectNode) init;
            }
        }
        throw new AssertionError("no init container " + name + " in " + deployment);
    }

    private static ObjectNode sidecar(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) AcdProxyPolicy.sidecar(podSpec(objects, deployment)).orElseThrow();
    }

    /** A container's variable of that name. */
    private static ObjectNode variable(ObjectNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return (ObjectNode) variable;
            }
        }
        throw new AssertionError(
                "no variable " + name + " in " + container.path("name").asText());
    }

    /** The data of the ConfigMap ledger-connections (its name carries a hash). */
    private static ObjectNode kafkaListener(List<ObjectNode> objects) {
        return (ObjectNode)
                spec(objects, "Kafka", "ledger").path("kafka").path("listeners").get(0);
    }

    private static ObjectNode connections(List<ObjectNode> objects) {
        return configMap(objects, "ledger-connections-");
    }

    /** The data of a generated ConfigMap, by its name up to the hash. */
    private static ObjectNode configMap(List<ObjectNode> objects, String generatedName) {
        return (ObjectNode) Manifests.ofKind(objects, "ConfigMap").stream()
                .filter(configMap ->
                        configMap.path("metadata").path("name").asText().startsWith(generatedName))
                .findFirst()
                .orElseThrow()
                .path("data");
    }

    private static ObjectNode cronJobContainer(List<ObjectNode> objects, String cronJob) {
        JsonNode containers = spec(objects, "CronJob", cronJob)
                .path("jobTemplate")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers");
        return (ObjectNode) containers.get(0);
    }
}
