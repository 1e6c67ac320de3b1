package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Validates custom resources (Strimzi, CloudNativePG, Prometheus Operator, ...) against the JSON
 * schemas of their CRDs in {@code shared/k8s-schemas}, made strict: every object schema that lists
 * {@code properties} and does not preserve unknown fields gets {@code additionalProperties: false}.
 */
public final class CustomResourceSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    private CustomResourceSchemas(Path directory) {
        this.directory = directory;
    }

    /**
     * The schema folder: {@code -Dk8s.schemas=...}, {@code K8S_SCHEMAS}, or {@code ../../shared/k8s-schemas}
     * beside the checkout (where CI has it).
     */
    public static Optional<CustomResourceSchemas> locate() {
        String configured =
                Optional.ofNullable(System.getProperty("k8s.schemas")).orElse(System.getenv("K8S_SCHEMAS"));
        Path directory = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "k8s-schemas");
        return Files.isDirectory(directory.resolve("crds"))
                ? Optional.of(new CustomResourceSchemas(directory))
                : Optional.empty();
    }

    public List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String file = object.path("kind").asText().toLowerCase() + "_" + version + ".json";
        JsonSchema schema = schemas.computeIfAbsent(
                group + "/" + file,
                key -> load(directory.resolve("crds").resolve(group).resolve(file)));
        if (schema == null) {
            return List.of(Manifests.id(object) + ": no schema for " + apiVersion + " "
                    + object.path("kind").asText() + " in " + directory);
        }
        return schema.validate(object).stream()
                .map(ValidationMessage::getMessage)
                .map(message -> Manifests.id(object) + ": " + message)
                .toList();
    }

    /**
     * The schemas, or the test skipped: in CI the schemas sit beside the checkout and the checks
     * must run; elsewhere they are skipped, loudly, with the way to validate against a cluster.
     */
    public static CustomResourceSchemas locateOrSkip() {
        Optional<CustomResourceSchemas> schemas = locate();
        if (schemas.isEmpty()) {
            String message = "CRD schemas not found (../../shared/k8s-schemas, or -Dk8s.schemas / K8S_SCHEMAS):"
                    + " custom resources were NOT validated. Against a cluster with the operators installed, run"
                    + " kubectl apply --dry-run=server -k k8s/overlays/<env>";
            if (Boolean.parseBoolean(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        return schemas.get();
    }

    private static JsonSchema load(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode schema = JSON.readTree(file.toFile());
            strict(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Adds additionalProperties: false wherever the schema lists properties and keeps no unknown fields. */
    static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(CustomResourceSchemas::strict);
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(CustomResourceSchemas::strict);
        }
    }
}
