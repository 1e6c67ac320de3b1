package dev.ledger.k8s.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The release analysis's MetricTemplates and their queries rendered as Flagger renders them: its
 * Go template variables {@code {{ namespace }}}, {@code {{ target }}} and {@code {{ interval }}}
 * replaced by the canary's namespace, target Deployment and metric interval.
 */
public final class FlaggerQuery {

    static final Path TEMPLATES = Path.of("components", "release-analysis", "metric-templates.yaml");

    private FlaggerQuery() {}

    /** Each MetricTemplate's query, by the template's name, as written. */
    public static Map<String, String> templates() {
        try {
            Map<String, String> queries = new LinkedHashMap<>();
            for (ObjectNode template :
                    Manifests.ofKind(Manifests.read(Files.readString(TEMPLATES)), "MetricTemplate")) {
                queries.put(
                        template.path("metadata").path("name").asText(),
                        template.path("spec").path("query").asText());
            }
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query with Flagger's variables filled in; fails on a variable Flagger would not know. */
    public static String render(String query, String namespace, String target, String interval) {
        String rendered = query.replace("{{ namespace }}", namespace)
                .replace("{{ target }}", target)
                .replace("{{ interval }}", interval);
        if (rendered.contains("{{")) {
            throw new AssertionError("a template variable is left in the query:\n" + rendered);
        }
        return rendered.strip();
    }
}
