package dev.ledger.k8s.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.CoreKinds;
import dev.ledger.k8s.Manifests;
import io.fabric8.tekton.triggers.v1beta1.EventListener;
import io.fabric8.tekton.triggers.v1beta1.TriggerBinding;
import io.fabric8.tekton.triggers.v1beta1.TriggerTemplate;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.ResolverRef;
import io.fabric8.tekton.v1.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tekton's objects, checked strictly. Tekton's CRDs carry no structural schema (their
 * openAPIV3Schema preserves unknown fields), so a JSON schema check would pass anything: each
 * object is bound instead to fabric8's tekton-model classes, Pipelines {@code tekton.dev/v1} and
 * Triggers {@code triggers.tekton.dev/v1beta1}, and any field the model does not know (kept in an
 * additionalProperties map) is a problem. Older API versions have no class here, so they fail too.
 */
final class TektonKinds {

    static final String PIPELINES = "tekton.dev/v1";
    static final String TRIGGERS = "triggers.tekton.dev/v1beta1";

    private static final Map<String, Class<?>> CLASSES = Map.of(
            PIPELINES + "/Task", Task.class,
            PIPELINES + "/Pipeline", Pipeline.class,
            PIPELINES + "/PipelineRun", PipelineRun.class,
            TRIGGERS + "/EventListener", EventListener.class,
            TRIGGERS + "/TriggerBinding", TriggerBinding.class,
            TRIGGERS + "/TriggerTemplate", TriggerTemplate.class);

    private TektonKinds() {}

    static boolean isTekton(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.startsWith("tekton.dev/") || apiVersion.startsWith("triggers.tekton.dev/");
    }

    /** Problems with one Tekton object, and with each resource template of a TriggerTemplate. */
    static List<String> problems(JsonNode object) {
        String key =
                object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> type = CLASSES.get(key);
        if (type == null) {
            return List.of("tekton-api: " + Manifests.id(object) + ": "
                    + object.path("apiVersion").asText() + " is not what Pipelines (" + PIPELINES + ") and Triggers ("
                    + TRIGGERS + ") serve now");
        }
        JsonNode copy = object.deepCopy();
        List<String> problems = new ArrayList<>();
        resolverRefs(copy, Manifests.id(object), problems);
        problems.addAll(CoreKinds.problems(copy, type));
        for (JsonNode template : object.path("spec").path("resourcetemplates")) {
            problems.addAll(problems(template));
        }
        return problems;
    }

    /**
     * Tekton's TaskRef and PipelineRef embed a ResolverRef (resolver, params: the remote
     * resolution of a catalog Task), which fabric8's classes leave out of TaskRef. Those two fields
     * are bound to ResolverRef on their own, strictly, and taken out before the rest is bound.
     */
    private static void resolverRefs(JsonNode node, String path, List<String> problems) {
        if (node instanceof ObjectNode object) {
            for (String field : List.of("taskRef", "pipelineRef")) {
                if (object.path(field) instanceof ObjectNode ref && ref.has("resolver")) {
                    ObjectNode resolver = ref.objectNode();
                    resolver.set("resolver", ref.remove("resolver"));
                    if (ref.has("params")) {
                        resolver.set("params", ref.remove("params"));
                    }
                    CoreKinds.problems(resolver, ResolverRef.class)
                            .forEach(problem ->
                                    problems.add(path + "." + field + problem.substring(problem.indexOf(':'))));
                }
            }
            object.properties().forEach(child -> resolverRefs(child.getValue(), path, problems));
        } else if (node != null && node.isArray()) {
            node.forEach(item -> resolverRefs(item, path, problems));
        }
    }
}
