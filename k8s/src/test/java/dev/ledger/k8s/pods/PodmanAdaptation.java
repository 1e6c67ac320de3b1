package dev.ledger.k8s.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TraceCollector;
import dev.ledger.k8s.Manifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * <li>Sharing the host's network, two pods cannot both listen on the same ports: each service and
 *     its proxy get free ones ({@link PodPorts}) through {@code QUARKUS_HTTP_PORT}, {@code APP_PORT}
 *     and the proxy's {@code PROXY_*_PORT} variables, and the probes follow them; for the same
 *     reason a Deployment runs one replica. The {@code ports} lists go: podman turns them into port
 *     mappings, which it refuses together with host networking.</li>
 * <li>The ACD proxy, a native sidecar (an init container with {@code restartPolicy: Always}),
 *     becomes an ordinary container of the pod: podman 4.3 runs init containers to completion
 *     before the others, and a proxy never completes. Its image is the Debian stand-in
 *     ({@code bin/lib/local-proxy.sh}) when the local store has it: no registry here.</li>
 * <li>The proxy's ConfigMap and TLS Secret volumes become host paths: its configuration is the
 *     component's {@code haproxy.cfg} itself, and its certificate a test certificate in the file
 *     names the Secret's {@code items} give (cert-manager issues it in a cluster).</li>
 * <li>{@code KAFKA_BOOTSTRAP_SERVERS} names devstack's broker, and {@code KAFKA_SECURITY_PROTOCOL}
 *     is {@code PLAINTEXT}: devstack's broker has no SCRAM listener (Strimzi's has).</li>
 * <li>{@code KUBERNETES_NAMESPACE} gets the namespace as a literal: podman 4.3 refuses the
 *     {@code metadata.namespace} field reference.</li>
 * <li>The tracing component's {@code envFrom} ConfigMap, which names the cluster's collector, gives
 *     way to {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} naming the test's collector on the host
 *     (podman plays no ConfigMap given to it by name), with batches sent every 100 ms.</li>
 * <li>{@code JWT_ISSUER}, {@code JWT_AUDIENCE} and {@code JWT_JWKS_URL}, from the ConfigMap
 *     {@code ledger-auth} that names the environment's identity provider, name the test token
 *     issuer on the host, whose tokens the tests send.</li>
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

    /** Where the proxy's configuration and certificate come from, and its image. */
    record Proxy(Path configuration, Path certificate, String image) {}

    private PodmanAdaptation() {}

    /**
     * Variables a test sets over the manifest's, as an overlay would: on the service's container
     * and on its proxy's.
     */
    record Environment(Map<String, String> service, Map<String, String> proxy) {
        static final Environment AS_RENDERED = new Environment(Map.of(), Map.of());
    }

    /** A rendered Deployment, adapted: on {@code ports}, its proxy from {@code proxy}, with {@code environment}. */
    static ObjectNode deployment(
            ObjectNode rendered,
            LocalStack stack,
            TraceCollector traces,
            PodPorts ports,
            Proxy proxy,
            Environment environment) {
        ObjectNode deployment = rendered.deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replicas", 1);
        ObjectNode template = (ObjectNode) deployment.path("spec").path("template");
        ObjectNode spec = (ObjectNode) template.path("spec");
        ArrayNode containers = (ArrayNode) spec.path("containers");
        for (JsonNode app : containers) {
            setVariable((ObjectNode) app, "QUARKUS_HTTP_PORT", String.valueOf(ports.app()));
            environment.service().forEach((name, value) -> setVariable((ObjectNode) app, name, value));
        }
        for (JsonNode sidecar : spec.path("initContainers")) {
            ObjectNode proxyContainer = ((ObjectNode) sidecar).deepCopy();
            proxyContainer.remove("restartPolicy");
            proxyContainer.put("image", proxy.image());
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("APP_PORT", String.valueOf(ports.app()));
            variables.put("PROXY_HTTPS_PORT", String.valueOf(ports.https()));
            variables.put("PROXY_HTTP_PORT", String.valueOf(ports.http()));
            variables.put("PROXY_INTERNAL_PORT", String.valueOf(ports.internal()));
            variables.put("PROXY_OPS_PORT", String.valueOf(ports.ops()));
            variables.putAll(environment.proxy());
            variables.forEach((name, value) -> setVariable(proxyContainer, name, value));
            containers.add(proxyContainer); // after the service's: kube play names that one first
        }
        spec.remove("initContainers");
        adaptPod(template, namespace(rendered), stack, traces);
        for (JsonNode container : containers) {
            ObjectNode adapted = (ObjectNode) container;
            adapted.remove("ports");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (adapted.path(probe).has("httpGet")) {
                    ((ObjectNode) adapted.path(probe).path("httpGet")).put("port", ports.ops());
                }
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            ObjectNode adapted = (ObjectNode) volume;
            if (adapted.has("configMap")) {
                adapted.remove("configMap");
                adapted.putObject("hostPath")
                        .put("path", proxy.configuration().toString())
                        .put("type", "Directory");
            } else if (adapted.has("secret")) {
                adapted.remove("secret");
                adapted.putObject("hostPath")
                        .put("path", proxy.certificate().toString())
                        .put("type", "Directory");
            }
        }
        return deployment;
    }

    /** A rendered CronJob's pod template as a Pod named after the CronJob, adapted. */
    static ObjectNode cronJobPod(ObjectNode rendered, LocalStack stack, TraceCollector traces) {
        JsonNode template =
                rendered.path("spec").path("jobTemplate").path("spec").path("template");
        ObjectNode pod =
                Manifests.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = template.path("metadata").deepCopy();
        metadata.put("name", rendered.path("metadata").path("name").asText());
        metadata.put("namespace", namespace(rendered));
        pod.set("metadata", metadata);
        pod.set("spec", template.path("spec").deepCopy());
        adaptPod(pod, namespace(rendered), stack, traces);
        return pod;
    }

    /**
     * The Secrets the rendered objects' workloads read, filled from devstack: each PostgreSQL
     * Cluster's {@code <name>-app} and its managed roles', and each KafkaUser's own, keyed by Secret
     * name.
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
            // each managed role's Secret (the read-only logins devstack created), as the operator reads it
            for (JsonNode role : cluster.at("/spec/managed/roles")) {
                secrets.put(
                        role.path("passwordSecret").path("name").asText(),
                        Map.of(
                                "username", role.path("name").asText(),
                                "password", stack.postgres().password()));
            }
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

    private static void adaptPod(ObjectNode pod, String namespace, LocalStack stack, TraceCollector traces) {
        ObjectNode spec = (ObjectNode) pod.path("spec");
        spec.put("hostNetwork", true);
        for (JsonNode container : spec.path("containers")) {
            for (JsonNode variable : container.path("env")) {
                adaptVariable((ObjectNode) variable, namespace, stack);
            }
            if (container.has("envFrom")) {
                ((ObjectNode) container).remove("envFrom");
                traces.exporterEnvironment().forEach((name, value) -> setVariable((ObjectNode) container, name, value));
            }
        }
    }

    private static void adaptVariable(ObjectNode variable, String namespace, LocalStack stack) {
        String token =
                SharedStack.tokens().environment().get(variable.path("name").asText());
        if (token != null) {
            // the test token issuer in place of the environment's identity provider (ConfigMap ledger-auth)
            variable.remove("valueFrom");
            variable.put("value", token);
            return;
        }
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

    /** Sets the variable's value, replacing the manifest's if it has one. */
    private static void setVariable(ObjectNode container, String name, String value) {
        for (JsonNode variable : container.withArray("env")) {
            if (name.equals(variable.path("name").asText())) {
                ((ObjectNode) variable).removeAll().put("name", name).put("value", value);
                return;
            }
        }
        container.withArray("env").addObject().put("name", name).put("value", value);
    }

    private static String namespace(ObjectNode rendered) {
        return rendered.path("metadata").path("namespace").asText("default");
    }
}
