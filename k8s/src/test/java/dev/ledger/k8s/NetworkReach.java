package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Whether the NetworkPolicies of rendered manifests let one pod open a TCP connection to a port of
 * another, decided as Kubernetes decides it: the traffic must be allowed out of the first pod (by
 * no Egress policy selecting it, or by a rule of one that does) and into the second (the same, for
 * Ingress). Peers are pod selectors, in the policy's namespace or in the namespaces a namespace
 * selector picks (each namespace labelled {@code kubernetes.io/metadata.name} as the API server
 * labels it), and IP blocks, which are taken to hold no pod unless they hold every address: which
 * pod addresses a narrower block covers depends on the cluster.
 */
final class NetworkReach {

    /** A pod: its namespace, its labels and its spec (for the names of its ports). */
    record Pod(String namespace, JsonNode labels, JsonNode spec) {

        static Pod of(JsonNode workload, JsonNode template) {
            return new Pod(
                    workload.path("metadata").path("namespace").asText(),
                    template.path("metadata").path("labels"),
                    template.path("spec"));
        }

        /** A pod of another namespace, e.g. the ingress controller's, with no labels of its own. */
        static Pod in(String namespace) {
            return new Pod(namespace, JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode());
        }
    }

    private NetworkReach() {}

    static boolean allows(List<ObjectNode> objects, Pod from, Pod to, int port) {
        return allowed(objects, from, "Egress", "egress", "to", to, port)
                && allowed(objects, to, "Ingress", "ingress", "from", from, port);
    }

    private static boolean allowed(
            List<ObjectNode> objects,
            Pod subject,
            String type,
            String rulesField,
            String peersField,
            Pod peer,
            int port) {
        boolean isolated = false;
        for (ObjectNode policy : Manifests.ofKind(objects, "NetworkPolicy")) {
            JsonNode spec = policy.path("spec");
            if (!policy.path("metadata").path("namespace").asText().equals(subject.namespace())
                    || !Manifests.selects(spec.path("podSelector"), subject.labels())
                    || !types(spec).contains(type)) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path(rulesField)) {
                if (peers(rule.path(peersField), policy, objects, peer)
                        && ports(rule.path("ports"), subject, peer, port, type)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /** policyTypes as written, or as Kubernetes defaults them: Ingress always, Egress when there are egress rules. */
    private static String types(JsonNode spec) {
        if (spec.has("policyTypes")) {
            return spec.path("policyTypes").toString();
        }
        return spec.has("egress") ? "Ingress,Egress" : "Ingress";
    }

    private static boolean peers(JsonNode peers, JsonNode policy, List<ObjectNode> objects, Pod pod) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                String cidr = peer.path("ipBlock").path("cidr").asText();
                if ((cidr.equals("0.0.0.0/0") || cidr.equals("::/0"))
                        && peer.path("ipBlock").path("except").isEmpty()) {
                    return true;
                }
                continue;
            }
            boolean inNamespace = peer.has("namespaceSelector")
                    ? Manifests.selects(peer.path("namespaceSelector"), namespaceLabels(objects, pod.namespace()))
                    : policy.path("metadata").path("namespace").asText().equals(pod.namespace());
            boolean podMatches = !peer.has("podSelector") || Manifests.selects(peer.path("podSelector"), pod.labels());
            if (inNamespace && podMatches) {
                return true;
            }
        }
        return false;
    }

    /** The rule's ports, by number, range or name; a name is looked up on the pod that listens. */
    private static boolean ports(JsonNode ports, Pod subject, Pod peer, int port, String type) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        Pod listening = type.equals("Ingress") ? subject : peer;
        for (JsonNode rule : ports) {
            if (!rule.path("protocol").asText("TCP").equals("TCP")) {
                continue;
            }
            JsonNode number = rule.path("port");
            if (number.isMissingNode()) {
                return true;
            }
            if (number.isInt()) {
                int last = rule.path("endPort").asInt(number.asInt());
                if (port >= number.asInt() && port <= last) {
                    return true;
                }
            } else if (named(listening, number.asText()) == port) {
                return true;
            }
        }
        return false;
    }

    private static int named(Pod pod, String name) {
        for (JsonNode containerPort : Policies.ports(pod.spec())) {
            if (name.equals(containerPort.path("name").asText())) {
                return containerPort.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static JsonNode namespaceLabels(List<ObjectNode> objects, String namespace) {
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        Manifests.find(objects, "Namespace", namespace)
                .map(found -> found.path("metadata").path("labels"))
                .filter(JsonNode::isObject)
                .ifPresent(found -> labels.setAll((ObjectNode) found));
        return labels.put("kubernetes.io/metadata.name", namespace);
    }
}
