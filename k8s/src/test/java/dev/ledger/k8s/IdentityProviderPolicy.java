package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule {@code identity-provider}, over rendered manifests: a ledger workload that verifies bearer
 * tokens ({@code JWT_JWKS_URL}, with {@code JWT_ISSUER} and {@code JWT_AUDIENCE}) is given all three,
 * and a NetworkPolicy selecting its pods lets it fetch the keys: to the provider's namespace on the
 * URL's port when the provider runs in the cluster ({@code <service>.<namespace>.svc}), else by
 * ipBlock on the port of an {@code https} URL (keys fetched in the clear outside the cluster could be
 * swapped on the way).
 */
final class IdentityProviderPolicy {

    private static final Pattern IN_CLUSTER = Pattern.compile("[a-z0-9-]+\\.([a-z0-9-]+)\\.svc(\\.cluster\\.local)?");

    private IdentityProviderPolicy() {}

    static void violations(List<ObjectNode> objects, List<String> found) {
        Policies.ledgerPods(objects).forEach((owner, pod) -> {
            JsonNode container = pod.path("spec").path("containers").path(0);
            if (variable(container, "JWT_JWKS_URL").isPresent()) {
                workload(objects, Manifests.id(owner), pod, container, found);
            }
        });
    }

    private static void workload(
            List<ObjectNode> objects, String id, JsonNode pod, JsonNode container, List<String> found) {
        for (String name : List.of("JWT_ISSUER", "JWT_AUDIENCE")) {
            if (variable(container, name).isEmpty()) {
                found.add("identity-provider: " + id + ": JWT_JWKS_URL without " + name);
            }
        }
        Optional<String> url =
                value(objects, variable(container, "JWT_JWKS_URL").orElseThrow());
        if (url.isEmpty()) {
            found.add(
                    "identity-provider: " + id + ": JWT_JWKS_URL neither set nor read from a ConfigMap of the render");
            return;
        }
        URI keys = URI.create(url.get());
        int port = keys.getPort() != -1 ? keys.getPort() : "https".equals(keys.getScheme()) ? 443 : 80;
        Matcher inCluster = IN_CLUSTER.matcher(keys.getHost());
        JsonNode labels = pod.path("metadata").path("labels");
        List<JsonNode> egress = Manifests.ofKind(objects, "NetworkPolicy").stream()
                .filter(policy -> Manifests.selects(policy.path("spec").path("podSelector"), labels))
                .flatMap(policy -> Manifests.elements(policy.path("spec").path("egress")))
                .filter(rule -> ConnectionPolicy.allowsPort(rule, port))
                .toList();
        if (inCluster.matches()) {
            String namespace = inCluster.group(1);
            boolean reaches = egress.stream()
                    .anyMatch(rule -> Manifests.elements(rule.path("to"))
                            .anyMatch(peer -> namespace.equals(peer.path("namespaceSelector")
                                    .path("matchLabels")
                                    .path("kubernetes.io/metadata.name")
                                    .asText())));
            if (!reaches) {
                found.add("identity-provider: " + id + ": no NetworkPolicy lets it reach " + url.get()
                        + " (the namespace " + namespace + " on port " + port + ")");
            }
            return;
        }
        if (!"https".equals(keys.getScheme())) {
            found.add(
                    "identity-provider: " + id + ": JWT_JWKS_URL " + url.get() + " outside the cluster must be https");
        }
        if (egress.stream()
                .noneMatch(rule -> Manifests.elements(rule.path("to")).anyMatch(ConnectionPolicy::ipBlock))) {
            found.add("identity-provider: " + id + ": no NetworkPolicy lets it reach " + url.get()
                    + " (an ipBlock egress rule with port " + port + ")");
        }
    }

    private static Optional<JsonNode> variable(JsonNode container, String name) {
        return Manifests.elements(container.path("env"))
                .filter(variable -> name.equals(variable.path("name").asText()))
                .findFirst();
    }

    /** A variable's literal, or its key of a rendered ConfigMap. */
    private static Optional<String> value(List<ObjectNode> objects, JsonNode variable) {
        if (variable.has("value")) {
            return Optional.of(variable.path("value").asText());
        }
        JsonNode reference = variable.path("valueFrom").path("configMapKeyRef");
        return Manifests.find(objects, "ConfigMap", reference.path("name").asText())
                .map(configMap ->
                        configMap.path("data").path(reference.path("key").asText()))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }
}
