package dev.ledger.k8s.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.LocalStack;
import dev.ledger.k8s.Manifests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every change the pod tests make to the rendered dev overlay before {@code podman kube play}, and
 * why; nothing else in a pod spec is touched. Podman 4 runs pods, not a cluster:
 * <ol>
 * <li>Only the Deployments and the CronJobs' pod templates are played. Services, NetworkPolicies,
 *     the HPA, the PDB and the operators' custom resources have no podman equivalent.</li>
 * <li>A CronJob becomes a Pod made of its {@code jobTemplate}'s pod template: podman has no Jobs.</li>
 * <li>{@code hostNetwork: true}: PostgreSQL and Kafka come from devstack on the host's loopback,
 *     where the broker also advertises itself.</li>
 * <li>Sharing the host's network, two pods cannot both listen on 8080: each service gets a free
 *     port through {@code QUARKUS_HTTP_PORT}, and its probes follow it; for the same reason a
 *     Deployment runs one replica. The {@code ports} list goes: podman turns it into port
 *     mappings, which it refuses together with host networking.</li>
 * <li>{@code KAFKA_BOOTSTRAP_SERVERS} names devstack's broker, and {@code KAFKA_SECURITY_PROTOCOL}
 *     is {@code PLAINTEXT}: devstack's broker has no SCRAM listener (Strimzi's has).</li>
 * <li>{@code KUBERNETES_NAMESPACE} gets the namespace as a literal: podman 4.3 refuses the
 *     {@code metadata.namespace} field reference.</li>
 * <li>The Secrets are made from devstack's settings, named as the rendered objects name them
 *     (CloudNativePG's {@code <cluster>-app}, Strimzi's {@code <user>}), and created with
 *     {@code podman secret create} in the form podman's {@code secretKeyRef} reads: a JSON map of
 *     base64 values.</li>
 * </ol>
 * What podman does not do, the tests do as the kubelet would, without changing the spec: they poll
 * the readiness and startup probes' paths themselves (podman only turns the liveness probe into a
 * healthcheck, which needs systemd), and they stop a pod with {@code podman stop --time
 * <terminationGracePeriodSeconds>}, since podman 4.3 ignores that field and the preStop hook.
 */
final class PodmanAdaptation {

    static final String HTTP_PORT_VARIABLE = "QUARKUS_HTTP_PORT";

    private PodmanAdaptation() {}

    /** A rendered Deployment, adapted; its HTTP port becomes {@code httpPort}. */
    static ObjectNode deployment(ObjectNode rendered, LocalStack stack, int httpPort) {
        ObjectNode deployment = rendered.deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replicas", 1);
        ObjectNode template = (ObjectNode) deployment.path("spec").path("template");
        adaptPod(template, namespace(rendered), stack);
        for (JsonNode container : template.path("spec").path("containers")) {
            moveHttpPort((ObjectNode) container, httpPort);
        }
        return deployment;
    }

    /** A rendered CronJob's pod template as a Pod named after the CronJob, adapted. */
    static ObjectNode cronJobPod(ObjectNode rendered, LocalStack stack) {
        JsonNode template =
                rendered.path("spec").path("jobTemplate").path("spec").path("template");
        ObjectNode pod =
                Manifests.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = template.path("metadata").deepCopy();
        metadata.put("name", rendered.path("metadata").path("name").asText());
        metadata.put("namespace", namespace(rendered));
        pod.set("metadata", metadata);
        pod.set("spec", template.path("spec").deepCopy());
        adaptPod(pod, namespace(rendered), stack);
        return pod;
    }

    /**
     * The Secrets the rendered objects' workloads read, filled from devstack: each PostgreSQL
     * Cluster's {@code <name>-app} and each KafkaUser's own, keyed by Secret name.
     */
    static Map<String, Map<String, String>> secrets(List<ObjectNode> rendered, LocalStack stack) {
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        for (ObjectNode cluster : Manifests.ofKind(rendered, "Cluster")) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("host", stack.postgres().host());
            data.put("port", String.valueOf(stack.postgres().port()));
            data.put(
                    "dbname",
                    cluster.path("spec")
                            .path("bootstrap")
                            .path("initdb")
                            .path("database")
                            .asText());
            data.put("username", stack.postgres().user());
            data.put("password", stack.postgres().password());
            secrets.put(cluster.path("metadata").path("name").asText() + "-app", data);
        }
        for (ObjectNode user : Manifests.ofKind(rendered, "KafkaUser")) {
            // PLAINTEXT (adaptation 5) reads no credentials; the key exists because the pods name it
            secrets.put(user.path("metadata").path("name").asText(), Map.of("sasl.jaas.config", ""));
        }
        return secrets;
    }

    /** A Secret's data as podman's secretKeyRef reads it: a JSON object of base64 values. */
    static String podmanSecret(Map<String, String> data) {
        ObjectNode json = Manifests.YAML.createObjectNode();
        Base64.Encoder base64 = Base64.getEncoder();
        data.forEach((key, value) -> json.put(key, base64.encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return json.toString();
    }

    private static void adaptPod(ObjectNode pod, String namespace, LocalStack stack) {
        ObjectNode spec = (ObjectNode) pod.path("spec");
        spec.put("hostNetwork", true);
        for (JsonNode container : spec.path("containers")) {
            for (JsonNode variable : container.path("env")) {
                adaptVariable((ObjectNode) variable, namespace, stack);
            }
        }
    }

    private static void adaptVariable(ObjectNode variable, String namespace, LocalStack stack) {
        switch (variable.path("name").asText()) {
            case "KAFKA_BOOTSTRAP_SERVERS" ->
                variable.put("value", stack.kafka().bootstrapServers());
            case "KAFKA_SECURITY_PROTOCOL" -> variable.put("value", "PLAINTEXT");
            default -> {
                if ("metadata.namespace"
                        .equals(variable.path("valueFrom")
                                .path("fieldRef")
                                .path("fieldPath")
                                .asText())) {
                    variable.remove("valueFrom");
                    variable.put("value", namespace);
                }
            }
        }
    }

    private static void moveHttpPort(ObjectNode container, int httpPort) {
        container.withArray("env").addObject().put("name", HTTP_PORT_VARIABLE).put("value", String.valueOf(httpPort));
        container.remove("ports");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            if (container.path(probe).has("httpGet")) {
                ((ObjectNode) container.path(probe).path("httpGet")).put("port", httpPort);
            }
        }
    }

    private static String namespace(ObjectNode rendered) {
        return rendered.path("metadata").path("namespace").asText("default");
    }
}
