package dev.ledger.k8s.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ledger.k8s.Manifests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Argo CD's ApplicationSet controller makes of our ApplicationSets, for the part of it they
 * use and nothing more: one cluster generator with a label selector over the cluster Secrets
 * (label argocd.argoproj.io/secret-type: cluster), and a Go template (goTemplate: true,
 * missingkey=error) whose strings use {{.name}}, {{.nameNormalized}}, {{.server}} and
 * {{index .metadata.labels "key"}} (or annotations). Anything else is refused rather than guessed,
 * so an ApplicationSet that outgrows this renderer fails its test instead of passing untested.
 */
final class ApplicationSets {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern FIELD = Pattern.compile("\\.(name|nameNormalized|server)");
    private static final Pattern INDEX = Pattern.compile("index \\.metadata\\.(labels|annotations) \"([^\"]+)\"");

    private ApplicationSets() {}

    /** The Applications an ApplicationSet generates over these cluster Secrets, in their order. */
    static List<ObjectNode> render(ObjectNode applicationSet, List<ObjectNode> clusterSecrets) {
        JsonNode spec = applicationSet.path("spec");
        String id = Manifests.id(applicationSet);
        if (!spec.path("goTemplate").asBoolean(false)) {
            throw new IllegalArgumentException(id + ": only Go templates (goTemplate: true) are rendered here");
        }
        if (!spec.path("goTemplateOptions").toString().contains("missingkey=error")) {
            throw new IllegalArgumentException(id + ": a missing key must be an error (missingkey=error)");
        }
        if (spec.has("templatePatch") || spec.path("generators").size() != 1) {
            throw new IllegalArgumentException(id + ": one generator and no templatePatch are rendered here");
        }
        JsonNode generator = spec.path("generators").get(0);
        if (!generator.has("clusters") || generator.size() != 1) {
            throw new IllegalArgumentException(id + ": only the clusters generator is rendered here");
        }
        JsonNode clusters = generator.path("clusters");
        if (clusters.has("values") || clusters.has("template")) {
            throw new IllegalArgumentException(
                    id + ": the clusters generator's values and template are not rendered here");
        }
        List<ObjectNode> applications = new ArrayList<>();
        for (ObjectNode secret : clusterSecrets) {
            JsonNode labels = secret.path("metadata").path("labels");
            if (!"cluster".equals(labels.path("argocd.argoproj.io/secret-type").asText())
                    || !Manifests.selects(clusters.path("selector"), labels)) {
                continue;
            }
            ObjectNode application = Manifests.YAML.createObjectNode();
            application.put("apiVersion", "argoproj.io/v1alpha1");
            application.put("kind", "Application");
            ObjectNode template = spec.path("template").deepCopy();
            ObjectNode metadata = (ObjectNode) substitute(template.path("metadata"), secret, id);
            metadata.put(
                    "namespace",
                    applicationSet.path("metadata").path("namespace").asText());
            application.set("metadata", metadata);
            application.set("spec", substitute(template.path("spec"), secret, id));
            applications.add(application);
        }
        return applications;
    }

    /** A copy of the node with every {{...}} in its strings replaced by the cluster's values. */
    private static JsonNode substitute(JsonNode node, ObjectNode secret, String id) {
        if (node.isTextual()) {
            Matcher matcher = EXPRESSION.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(evaluate(matcher.group(1), secret, id)));
            }
            matcher.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                copy.set(field.getKey(), substitute(field.getValue(), secret, id));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(item -> copy.add(substitute(item, secret, id)));
            return copy;
        }
        return node.deepCopy();
    }

    private static String evaluate(String expression, ObjectNode secret, String id) {
        Matcher field = FIELD.matcher(expression);
        if (field.matches()) {
            String name = data(secret, "name");
            return switch (field.group(1)) {
                case "name" -> name;
                // Argo CD: the name made a valid Kubernetes name
                case "nameNormalized" -> name.toLowerCase().replaceAll("[^a-z0-9.-]", "-");
                default -> data(secret, "server");
            };
        }
        Matcher index = INDEX.matcher(expression);
        if (index.matches()) {
            JsonNode value = secret.path("metadata").path(index.group(1)).path(index.group(2));
            if (value.isMissingNode()) {
                throw new IllegalArgumentException(id + ": cluster " + Manifests.id(secret) + " has no "
                        + index.group(1) + " " + index.group(2) + " (missingkey=error)");
            }
            return value.asText();
        }
        throw new IllegalArgumentException(id + ": the expression {{" + expression + "}} is not rendered here");
    }

    /** A cluster Secret's field, from stringData or (base64) data, as the API server keeps it. */
    private static String data(ObjectNode secret, String key) {
        JsonNode plain = secret.path("stringData").path(key);
        if (!plain.isMissingNode()) {
            return plain.asText();
        }
        JsonNode encoded = secret.path("data").path(key);
        if (encoded.isMissingNode()) {
            throw new IllegalArgumentException(Manifests.id(secret) + " has no " + key);
        }
        return new String(Base64.getDecoder().decode(encoded.asText()), StandardCharsets.UTF_8);
    }
}
