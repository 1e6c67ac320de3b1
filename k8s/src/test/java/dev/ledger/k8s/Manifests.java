package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Renders a kustomization with {@code kubectl kustomize} and reads the objects it prints. */
public final class Manifests {

    static final List<String> OVERLAYS = List.of("dev", "int", "stage", "perf", "prod", "managed-example");
    /** The overlay against a managed Kafka and PostgreSQL (components/managed-services). */
    static final String MANAGED = "overlays/managed-example";
    /** The managed example with client certificates for the databases (components/managed-db-client-certs). */
    public static final String CLIENT_CERTIFICATES = "src/test/resources/managed/client-certificates";
    /** The one release strategy no overlay picks, over the dev overlay. */
    static final String BLUE_GREEN = "src/test/resources/release/blue-green";
    /** What the checks render: every overlay, and the scenarios of what no overlay picks. */
    static final List<String> KUSTOMIZATIONS = List.of(
            "overlays/dev",
            "overlays/int",
            "overlays/stage",
            "overlays/perf",
            "overlays/prod",
            MANAGED,
            CLIENT_CERTIFICATES,
            BLUE_GREEN);
    /** The kustomizations whose Kafka and PostgreSQL are managed services: no operator runs them. */
    static final List<String> MANAGED_SERVICES = List.of(MANAGED, CLIENT_CERTIFICATES);

    public static final ObjectMapper YAML = new YAMLMapper();

    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([\\d.]+)");

    private Manifests() {}

    public static List<ObjectNode> overlay(String name) {
        return render(Path.of("overlays", name));
    }

    /** A kustomization by its folder, relative to this module: {@code overlays/prod}, {@link #BLUE_GREEN}. */
    public static List<ObjectNode> render(String kustomization) {
        return render(Path.of(kustomization));
    }

    public static List<ObjectNode> render(Path kustomization) {
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectErrorStream(false)
                    .start();
            byte[] out = kubectl.getInputStream().readAllBytes();
            String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed:\n" + err);
            }
            return read(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(
                    "kubectl is needed to render the overlays (kubectl 1.27+ includes kustomize): " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static List<ObjectNode> read(String yaml) throws IOException {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    /** The elements of a JSON array (none for a missing node), as a stream. */
    public static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    public static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText())
                        && name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    /** Each Deployment's and CronJob's pod template, by its workload, in render order. */
    public static Map<ObjectNode, JsonNode> podTemplates(List<ObjectNode> objects) {
        Map<ObjectNode, JsonNode> templates = new LinkedHashMap<>();
        ofKind(objects, "Deployment").forEach(deployment -> templates.put(deployment, deployment.at("/spec/template")));
        ofKind(objects, "CronJob")
                .forEach(cronJob -> templates.put(cronJob, cronJob.at("/spec/jobTemplate/spec/template")));
        return templates;
    }

    public static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    /**
     * Whether a label selector (matchLabels, and matchExpressions with In, NotIn, Exists or
     * DoesNotExist) selects an object with these labels. An empty selector selects every object, an
     * absent one none.
     */
    public static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> label : selector.path("matchLabels").properties()) {
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            JsonNode value = labels.path(expression.path("key").asText());
            boolean listed = false;
            for (JsonNode candidate : expression.path("values")) {
                listed |= candidate.asText().equals(value.asText(null));
            }
            boolean matches = switch (expression.path("operator").asText()) {
                case "In" -> listed;
                case "NotIn" -> !listed;
                case "Exists" -> !value.isMissingNode();
                case "DoesNotExist" -> value.isMissingNode();
                default -> false;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    public static String id(JsonNode object) {
        return object.path("kind").asText() + "/"
                + object.path("metadata").path("name").asText();
    }

    /** The share of the memory limit a container's JVM sizes its heap from, as its JAVA_TOOL_OPTIONS set it. */
    public static OptionalDouble maxRamPercentage(JsonNode container) {
        for (JsonNode variable : container.path("env")) {
            if ("JAVA_TOOL_OPTIONS".equals(variable.path("name").asText())) {
                Matcher percentage =
                        MAX_RAM_PERCENTAGE.matcher(variable.path("value").asText());
                if (percentage.find()) {
                    return OptionalDouble.of(Double.parseDouble(percentage.group(1)));
                }
            }
        }
        return OptionalDouble.empty();
    }

    public static List<ObjectNode> deepCopy(List<ObjectNode> objects) {
        return objects.stream().map(ObjectNode::deepCopy).toList();
    }
}
