package dev.ledger.support.problem;

import dev.ledger.support.security.SecurityProblems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problems each operation can answer with. A resource method names its problem
 * types once, by slug, instead of an {@code @APIResponse} block per error status:
 * <pre>{@code @Extension(name = PROBLEM_TYPES, value = "account-not-found, account-closed, internal-error")}</pre>
 * Each status among them becomes one {@code application/problem+json} response whose schema is
 * {@link Problem} and which shows an example of each of its types; the examples are written once,
 * under {@code components/examples}. A response that an annotation already declares for such a
 * status keeps its headers (a 503's Retry-After), and gets the problem body and description.
 * <p>
 * Each service subclasses it with one example of every problem type it answers (the 401 and 403
 * of SecurityProblems are added here), and names the
 * subclass in {@code mp.openapi.filter}. A type that has no example fails the start, so a typo
 * cannot quietly drop a documented status.
 */
public abstract class ProblemDocumentation implements OASFilter {

    /** The operation extension that names its problem types; the published document no longer has it. */
    public static final String PROBLEM_TYPES = "x-problem-types";

    private static final String SCHEMA = "#/components/schemas/Problem";
    private static final String EXAMPLES = "#/components/examples/";

    private final Map<String, Problem> examples = new LinkedHashMap<>();

    protected ProblemDocumentation(List<Problem> examples) {
        List<Problem> all = new ArrayList<>(examples);
        all.addAll(SecurityProblems.examples());
        for (Problem example : all) {
            if (this.examples.put(slug(example), example) != null) {
                throw new IllegalArgumentException("two examples of " + example.type());
            }
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths()
                    .getPathItems()
                    .forEach((path, item) -> item.getOperations()
                            .forEach((method, operation) -> document(method + " " + path, operation)));
        }
        Components components =
                openAPI.getComponents() != null ? openAPI.getComponents() : OASFactory.createComponents();
        examples.forEach((slug, example) -> components.addExample(
                slug, OASFactory.createExample().summary(example.title()).value(body(example))));
        openAPI.setComponents(components);
    }

    private void document(String name, Operation operation) {
        Object named = operation.getExtension(PROBLEM_TYPES);
        if (named == null) {
            return;
        }
        operation.removeExtension(PROBLEM_TYPES);
        Map<Integer, List<Problem>> byStatus = new TreeMap<>();
        for (String slug : named.toString().split(",")) {
            Problem example = examples.get(slug.strip());
            if (example == null) {
                throw new IllegalStateException(
                        name + " names the problem type '" + slug.strip() + "', of which there is no example");
            }
            byStatus.computeIfAbsent(example.status(), status -> new ArrayList<>())
                    .add(example);
        }
        APIResponses responses =
                operation.getResponses() != null ? operation.getResponses() : OASFactory.createAPIResponses();
        byStatus.forEach((status, problems) -> {
            String code = String.valueOf(status);
            APIResponse response =
                    responses.hasAPIResponse(code) ? responses.getAPIResponse(code) : OASFactory.createAPIResponse();
            responses.addAPIResponse(
                    code, response.description(titles(problems)).content(content(problems)));
        });
        operation.setResponses(responses);
    }

    private static String titles(List<Problem> problems) {
        return problems.stream().map(Problem::title).collect(Collectors.joining(", "));
    }

    private static Content content(List<Problem> problems) {
        MediaType media =
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA));
        for (Problem problem : problems) {
            media.addExample(slug(problem), OASFactory.createExample().ref(EXAMPLES + slug(problem)));
        }
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    /** The example as a client receives it: the five members in their order, then the type's own. */
    private static Map<String, Object> body(Problem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().toString());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", problem.instance());
        body.putAll(new TreeMap<>(problem.extensions()));
        return body;
    }

    private static String slug(Problem problem) {
        String path = problem.type().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
