package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rules of the tracing component (k8s/components/tracing), over rendered manifests: every
 * workload running a ledger image has tracing on and its collector's endpoint from a ConfigMap of the render, and a
 * NetworkPolicy lets it reach that endpoint's port.
 */
final class TracingPolicy {

    static final String ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT";

    private TracingPolicy() {}

    static void violations(List<ObjectNode> objects, List<String> found) {
        Manifests.podTemplates(objects).forEach((workload, pod) -> workload(objects, workload, pod, found));
    }

    private static void workload(List<ObjectNode> objects, ObjectNode workload, JsonNode pod, List<String> found) {
        if (!"ledger"
                .equals(pod.path("metadata")
                        .path("labels")
                        .path("app.kubernetes.io/part-of")
                        .asText())) {
            return;
        }
        String id = Manifests.id(workload);
        JsonNode container = pod.path("spec").path("containers").path(0);
        if (!Policies.isLedgerImage(container)) {
            return;
        }
        if (!"false".equals(variable(container, "OTEL_SDK_DISABLED"))) {
            found.add("tracing: " + id + ": OTEL_SDK_DISABLED must be false (the services ship with tracing off)");
        }
        Optional<String> endpoint = endpoint(objects, container);
        if (endpoint.isEmpty()) {
            found.add("tracing: " + id + ": " + ENDPOINT + " from a ConfigMap of the overlay (envFrom)");
            return;
        }
        int port = URI.create(endpoint.get()).getPort();
        boolean allowed = Manifests.ofKind(objects, "NetworkPolicy").stream()
                .filter(policy -> Manifests.selects(
                        policy.path("spec").path("podSelector"),
                        pod.path("metadata").path("labels")))
                .flatMap(policy -> stream(policy.path("spec").path("egress")))
                .flatMap(rule -> stream(rule.path("ports")))
                .anyMatch(allowedPort -> allowedPort.path("port").asInt() == port);
        if (!allowed) {
            found.add("tracing-egress: " + id + ": no NetworkPolicy lets it reach its collector on port " + port);
        }
    }

    private static String variable(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable.path("value").asText(null);
            }
        }
        return null;
    }

    private static Optional<String> endpoint(List<ObjectNode> objects, JsonNode container) {
        for (JsonNode source : container.path("envFrom")) {
            String name = source.path("configMapRef").path("name").asText();
            Optional<String> value = Manifests.find(objects, "ConfigMap", name)
                    .map(configMap -> configMap.path("data").path(ENDPOINT).asText(null));
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
