package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of the release-* components (k8s/components/release-*), over rendered manifests: each
 * Flagger Canary has the traffic shape of its strategy, its analysis finds its metric templates, the
 * command side is never a canary, and what Flagger generates and selects fits ours.
 */
final class ReleasePolicy {

    /** The selector labels Flagger looks for on its target, in its order (its -selector-labels default). */
    static final List<String> SELECTOR_LABELS = List.of("app", "name", "app.kubernetes.io/name");

    /** Where each kind that must follow the primary's pods keeps its selector. */
    private static final Map<String, String> SELECTORS = Map.of(
            "PodDisruptionBudget", "/spec/selector",
            "NetworkPolicy", "/spec/podSelector",
            "PodMonitor", "/spec/selector");

    private ReleasePolicy() {}

    static void violations(List<ObjectNode> objects, List<String> found) {
        Map<String, Integer> canariesPerTarget = new HashMap<>();
        for (ObjectNode canary : Manifests.ofKind(objects, "Canary")) {
            String id = Manifests.id(canary);
            JsonNode spec = canary.path("spec");
            String target = spec.path("targetRef").path("name").asText();
            canariesPerTarget.merge(target, 1, Integer::sum);
            strategy(id, spec, found);
            metrics(objects, canary, found);
            autoscaler(objects, id, spec, target, found);
            if (Policies.COMMAND.equals(target)) {
                found.add("release-target: " + id + ": " + Policies.COMMAND
                        + " keeps Recreate and one replica (migrations, one outbox relay), never a Canary");
            }
            for (String generated : List.of(target, target + "-primary", target + "-canary")) {
                Manifests.find(objects, "Service", generated)
                        .ifPresent(service -> found.add("release-service: " + Manifests.id(service)
                                + ": Flagger generates this Service for " + id + "; ours would fight it"));
            }
            Manifests.find(objects, "Deployment", target)
                    .ifPresentOrElse(
                            deployment -> selectorLabel(id, deployment, found)
                                    .ifPresent(label -> primaryPods(objects, deployment, label, found)),
                            () -> found.add("release-target: " + id + ": no Deployment " + target));
        }
        canariesPerTarget.forEach((target, count) -> {
            if (count > 1) {
                found.add("release-one-canary: " + count + " Canaries target " + target + "; Flagger needs one");
            }
        });
    }

    /**
     * A/B testing routes by request for a number of iterations; blue/green on the Kubernetes provider
     * can only switch a Service: neither shifts weights.
     */
    private static void strategy(String id, JsonNode spec, List<String> found) {
        JsonNode analysis = spec.path("analysis");
        boolean weights = analysis.has("stepWeights") || analysis.has("stepWeight") || analysis.has("maxWeight");
        boolean match = !analysis.path("match").isEmpty();
        boolean iterations = analysis.path("iterations").asInt(0) > 0;
        if (match && (weights || !iterations)) {
            found.add("release-ab: " + id
                    + ": A/B testing (analysis.match) runs iterations and shifts no weight (stepWeights, stepWeight,"
                    + " maxWeight)");
        }
        if ("kubernetes".equals(spec.path("provider").asText()) && (match || weights || !iterations)) {
            found.add("release-blue-green: " + id
                    + ": the kubernetes provider switches a Service: iterations, no match, no weights");
        }
    }

    /** Flagger fails the analysis of a metric whose template is not there. */
    private static void metrics(List<ObjectNode> objects, ObjectNode canary, List<String> found) {
        String namespace = canary.path("metadata").path("namespace").asText();
        for (JsonNode metric : canary.path("spec").path("analysis").path("metrics")) {
            JsonNode template = metric.path("templateRef");
            if (template.isMissingNode()) {
                continue;
            }
            String name = template.path("name").asText();
            String templateNamespace = template.path("namespace").asText(namespace);
            boolean resolves = Manifests.ofKind(objects, "MetricTemplate").stream()
                    .anyMatch(t -> name.equals(t.path("metadata").path("name").asText())
                            && templateNamespace.equals(
                                    t.path("metadata").path("namespace").asText()));
            if (!resolves) {
                found.add("release-metrics: " + Manifests.id(canary) + ": metric "
                        + metric.path("name").asText() + " refers to no MetricTemplate " + name);
            }
        }
    }

    /** The primary scales only if the Canary names the target's autoscaler: Flagger copies it then. */
    private static void autoscaler(
            List<ObjectNode> objects, String id, JsonNode spec, String target, List<String> found) {
        String kind = spec.path("autoscalerRef").path("kind").asText();
        String name = spec.path("autoscalerRef").path("name").asText();
        if (spec.has("autoscalerRef") && Manifests.find(objects, kind, name).isEmpty()) {
            found.add("release-autoscaler: " + id + ": autoscalerRef names no " + kind + " " + name);
        }
        for (ObjectNode hpa : Manifests.ofKind(objects, "HorizontalPodAutoscaler")) {
            String scaled = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            if (target.equals(scaled)
                    && !name.equals(hpa.path("metadata").path("name").asText())) {
                found.add("release-autoscaler: " + id + ": " + Manifests.id(hpa) + " scales " + target
                        + " but autoscalerRef does not name it, so the primary would not scale");
            }
        }
    }

    /** Flagger builds the primary's selector from one label of the target's, the only one it allows. */
    private static Optional<String> selectorLabel(String id, ObjectNode deployment, List<String> found) {
        JsonNode selector = deployment.path("spec").path("selector");
        List<String> labels = new ArrayList<>();
        selector.path("matchLabels").properties().forEach(label -> labels.add(label.getKey()));
        if (labels.size() != 1
                || !SELECTOR_LABELS.contains(labels.get(0))
                || !selector.path("matchExpressions").isEmpty()) {
            found.add("release-selector: " + Manifests.id(deployment) + ": the target of " + id
                    + " needs exactly one selector label, one of " + SELECTOR_LABELS + ", not " + labels);
            return Optional.empty();
        }
        return Optional.of(labels.get(0));
    }

    /**
     * The primary's pods carry the target's labels with "-primary" added to the selector label's
     * value: whatever selects the target's pods must select the primary's too.
     */
    private static void primaryPods(List<ObjectNode> objects, ObjectNode deployment, String label, List<String> found) {
        if (!(Policies.podLabels(deployment) instanceof ObjectNode pods)) {
            return;
        }
        ObjectNode primary = pods.deepCopy().put(label, pods.path(label).asText() + "-primary");
        for (Map.Entry<String, String> kind : SELECTORS.entrySet()) {
            for (ObjectNode object : Manifests.ofKind(objects, kind.getKey())) {
                JsonNode selector = object.at(kind.getValue());
                if (Manifests.selects(selector, pods) && !Manifests.selects(selector, primary)) {
                    found.add("release-primary: " + Manifests.id(object) + " selects the pods of "
                            + Manifests.id(deployment) + " but not its primary's (" + label + "="
                            + primary.path(label).asText() + ")");
                }
            }
        }
    }
}
