package dev.ledger.devstack;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API documentation contract both services keep, checked on the OpenAPI document the
 * application under test publishes, by a subclass annotated with {@code @QuarkusTest}: every
 * operation lists exactly the statuses it answers with, every error is an
 * {@code application/problem+json} Problem that shows an example of each of its problem types, and
 * every success names the schema of its body.
 */
public abstract class OpenApiContract {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    private static final String EXAMPLES = "#/components/examples/";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private JsonPath document;

    /** Every operation of the service, as {@code "POST /accounts/{id}/deposits"}, to the statuses it answers with. */
    protected abstract Map<String, Set<String>> documentedStatuses();

    @BeforeEach
    void fetchTheDocument() {
        document = asAdmin()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The document this test fetched, for a subclass's checks of its own operations. */
    protected JsonPath document() {
        return document;
    }

    @Test
    void shouldDocumentExactlyTheStatusesEachOperationAnswersWith() {
        Map<String, Set<String>> expected = new TreeMap<>();
        documentedStatuses().forEach((operation, statuses) -> expected.put(operation, new TreeSet<>(statuses)));
        Map<String, Set<String>> documented = new TreeMap<>();
        operations()
                .forEach((name, operation) ->
                        documented.put(name, new TreeSet<>(responses(operation).keySet())));
        assertEquals(expected, documented);
    }

    @Test
    void shouldNameTheBearerTokenOfEveryOperationThatAsksForOne() {
        Map<String, Object> scheme =
                map(map(document.get("components.securitySchemes")).get("bearer"));
        assertEquals("http", scheme.get("type"));
        assertEquals("bearer", scheme.get("scheme"));
        operations().forEach((name, operation) -> {
            if (responses(operation).containsKey("401")) {
                // the roles that may call it, as Quarkus lists them from @RolesAllowed
                Object security = map(operation).get("security");
                assertTrue(
                        security instanceof List<?> requirements
                                && requirements.size() == 1
                                && map(requirements.get(0)).keySet().equals(Set.of("bearer"))
                                && !((List<?>) map(requirements.get(0)).get("bearer")).isEmpty(),
                        name + " names the bearer token and its roles: " + security);
            }
        });
    }

    @Test
    void shouldDocumentEveryErrorAsAProblemWithAnExampleOfEachType() {
        assertFalse(map(document.get("components.schemas.Problem")).isEmpty(), "no Problem schema");
        Map<String, Object> examples = map(document.get("components.examples"));
        operations()
                .forEach((name, operation) -> responses(operation).forEach((status, response) -> {
                    if (Integer.parseInt(status) < 400) {
                        return;
                    }
                    String where = name + " " + status;
                    Map<String, Object> problem =
                            map(map(map(response).get("content")).get(PROBLEM));
                    assertEquals(PROBLEM_SCHEMA, map(problem.get("schema")).get("$ref"), where + " as " + PROBLEM);
                    Map<String, Object> shown = map(problem.get("examples"));
                    assertFalse(shown.isEmpty(), where + " shows no example");
                    shown.forEach((slug, example) -> {
                        Object ref = map(example).get("$ref");
                        Map<String, Object> body = map(
                                ref == null
                                        ? map(example).get("value")
                                        : map(examples.get(ref.toString().substring(EXAMPLES.length())))
                                                .get("value"));
                        assertEquals(Integer.valueOf(status), body.get("status"), where + " shows " + slug);
                        assertEquals(
                                "https://ledger.example/problems/" + slug, body.get("type"), where + " shows " + slug);
                    });
                }));
    }

    @Test
    void shouldNameTheSchemaOfEverySuccessBody() {
        operations()
                .forEach((name, operation) -> responses(operation).forEach((status, response) -> {
                    int code = Integer.parseInt(status);
                    if (code < 200 || code >= 300) {
                        return;
                    }
                    Map<String, Object> schema =
                            map(map(map(map(response).get("content")).get("application/json"))
                                    .get("schema"));
                    Object ref = schema.containsKey("items")
                            ? map(schema.get("items")).get("$ref")
                            : schema.get("$ref");
                    assertNotNull(ref, name + " " + status + " names no schema: " + schema);
                }));
    }

    /** Every operation in the document, by method and path. */
    private Map<String, Object> operations() {
        Map<String, Object> operations = new TreeMap<>();
        map(document.get("paths"))
                .forEach((path, item) -> map(item).forEach((method, operation) -> {
                    if (METHODS.contains(method)) {
                        operations.put(method.toUpperCase(Locale.ROOT) + " " + path, operation);
                    }
                }));
        return operations;
    }

    private static Map<String, Object> responses(Object operation) {
        return map(map(operation).get("responses"));
    }

    /** A JSON object of the document; an absent one is empty, so that the assertion names what is missing. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
