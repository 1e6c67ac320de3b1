package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay meets every rule, and every rule fires when its requirement is broken. */
class PolicyTest {

    private static List<ObjectNode> prod;

    @BeforeAll
    static void render() {
        prod = Manifests.overlay("prod");
    }

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shouldMeetEveryRule(String overlay) {
        assertEquals(List.of(), Policies.violations(Manifests.overlay(overlay)));
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
                                .remove("app.kubernetes.io/part-of")));
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("brokenRequirements")
    void shouldReportABrokenRequirement(String rule, Consumer<List<ObjectNode>> breakIt) {
        List<ObjectNode> objects = new ArrayList<>(Manifests.deepCopy(prod));
        breakIt.accept(objects);
        List<String> violations = Policies.violations(objects);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith(rule + ":")), rule + " did not fire: " + violations);
    }

    private static Arguments broken(String rule, Consumer<List<ObjectNode>> breakIt) {
        return Arguments.of(rule, breakIt);
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

    private static ObjectNode sidecar(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) AcdProxyPolicy.sidecar(podSpec(objects, deployment)).orElseThrow();
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
