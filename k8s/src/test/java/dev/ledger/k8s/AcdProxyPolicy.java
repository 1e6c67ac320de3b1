package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of the acd-proxy component (k8s/components/acd-proxy), over rendered manifests: every
 * service pod has the proxy as a native sidecar, the service is reachable only through it, and its
 * Service (or the Canary Flagger generates it from) and probes use the proxy's ports.
 */
final class AcdProxyPolicy {

    static final String SIDECAR = "acd-proxy";

    private AcdProxyPolicy() {}

    static void violations(List<ObjectNode> objects, List<String> found) {
        for (String service : List.of(Policies.COMMAND, Policies.QUERY)) {
            Manifests.find(objects, "Deployment", service).ifPresent(deployment -> pod(objects, deployment, found));
        }
    }

    private static void pod(List<ObjectNode> objects, ObjectNode deployment, List<String> found) {
        String id = Manifests.id(deployment);
        JsonNode spec = deployment.path("spec").path("template").path("spec");
        Optional<JsonNode> sidecar = sidecar(spec);
        if (sidecar.isEmpty()) {
            found.add("acd-proxy: " + id + ": no " + SIDECAR + " init container");
            return;
        }
        JsonNode proxy = sidecar.get();
        if (!"Always".equals(proxy.path("restartPolicy").asText())
                || proxy.path("startupProbe").isMissingNode()) {
            found.add("acd-proxy: " + id + ": " + SIDECAR
                    + " must be a native sidecar (restartPolicy Always) with a startup probe");
        }
        Map<String, Integer> proxyPorts = new HashMap<>();
        proxy.path("ports")
                .forEach(port -> proxyPorts.put(
                        port.path("name").asText(), port.path("containerPort").asInt()));
        JsonNode app = spec.path("containers").path(0);
        if (!app.path("ports").isEmpty() || !"127.0.0.1".equals(env(app, "QUARKUS_HTTP_HOST"))) {
            found.add("acd-proxy: " + id + ": the service must listen on 127.0.0.1 and declare no port");
        }
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            int port = app.path(probe).path("httpGet").path("port").asInt();
            if (!proxyPorts.getOrDefault("ops", -1).equals(port)) {
                found.add("acd-proxy: " + id + ": " + probe + " must go through the proxy's ops port, not " + port);
            }
        }
        Manifests.find(
                        objects,
                        "Service",
                        deployment.path("metadata").path("name").asText())
                .ifPresent(service -> {
                    for (JsonNode port : service.path("spec").path("ports")) {
                        if (!proxyPorts.containsKey(port.path("targetPort").asText())) {
                            found.add("acd-proxy: " + Manifests.id(service) + ": port "
                                    + port.path("name").asText() + " must target a port of the proxy");
                        }
                    }
                });
        // Where a Canary takes the Deployment over, Flagger generates its Services from the Canary's.
        for (ObjectNode canary : Manifests.ofKind(objects, "Canary")) {
            JsonNode service = canary.path("spec").path("service");
            String target = canary.path("spec").path("targetRef").path("name").asText();
            String targetPort = service.path("targetPort").asText();
            if (target.equals(deployment.path("metadata").path("name").asText())
                    && !proxyPorts.containsKey(targetPort)) {
                found.add("acd-proxy: " + Manifests.id(canary) + ": service.targetPort " + targetPort
                        + " must name a port of the proxy");
            }
        }
    }

    static Optional<JsonNode> sidecar(JsonNode podSpec) {
        for (JsonNode container : podSpec.path("initContainers")) {
            if (SIDECAR.equals(container.path("name").asText())) {
                return Optional.of(container);
            }
        }
        return Optional.empty();
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable.path("value").asText();
            }
        }
        return "";
    }
}
