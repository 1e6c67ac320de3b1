package dev.ledger.k8s.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The EventListener's triggers, evaluated against recorded GitHub webhooks
 * (src/test/resources/delivery/github: the X-GitHub-Event header and the payload, trimmed): for
 * each trigger, the GitHub interceptor's event types, then its CEL filter, evaluated by CEL's Java
 * implementation (dev.cel) in the environment Tekton's CEL interceptor gives a filter: body (the
 * payload) and header (each header's values), with the standard macros. The signature check of
 * the GitHub interceptor is Tekton's and needs the webhook secret; it is not modelled here.
 */
class TriggerCelTest {

    private static final Path PAYLOADS = Path.of("src/test/resources/delivery/github");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("body", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("header", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)))
            .addVar("requestURL", SimpleType.STRING)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    @ParameterizedTest(name = "{0} starts {1}")
    @CsvSource({
        "pull-request-opened, pull-request",
        "pull-request-synchronize, pull-request",
        "pull-request-reopened, pull-request",
        "pull-request-closed, nothing",
        "push-main, main",
        "push-main-promotion, nothing",
        "push-branch, nothing",
        "push-tag, nothing",
        "push-main-deleted, nothing",
    })
    void shouldStartTheRightPipeline(String payload, String pipeline) throws Exception {
        List<String> started = started(Delivery.named(Delivery.tekton(), "EventListener", "github"), payload);
        assertEquals(pipeline.equals("nothing") ? List.of() : List.of(pipeline), started);
    }

    @Test
    void shouldStartNothingWhenAFilterIsLoosened() throws Exception {
        // The rule is proven by breaking it: without the branch check, a push to a branch starts main.
        ObjectNode listener = Delivery.named(Delivery.tekton(), "EventListener", "github");
        assertEquals(List.of(), started(listener, "push-branch"));
        ObjectNode filter =
                (ObjectNode) cel(listener.path("spec").path("triggers").get(1));
        String loosened = filter.path("value").asText().replace("body.ref == 'refs/heads/main' && ", "");
        assertFalse(loosened.contains("refs/heads/main"), loosened);
        filter.put("value", loosened);
        assertEquals(List.of("main"), started(listener, "push-branch"));
    }

    @Test
    void shouldCompileEveryFilterAsABoolean() {
        for (JsonNode trigger : Delivery.named(Delivery.tekton(), "EventListener", "github")
                .path("spec")
                .path("triggers")) {
            CelValidationResult result =
                    COMPILER.compile(cel(trigger).path("value").asText());
            assertFalse(result.hasError(), trigger.path("name").asText() + ": " + result.getErrorString());
        }
    }

    /** The pipelines (the triggers' templates) a webhook starts. */
    private static List<String> started(JsonNode listener, String payload) throws Exception {
        JsonNode recorded = JSON.readTree(Files.readString(PAYLOADS.resolve(payload + ".json")));
        String event = header(recorded.path("headers"), "X-GitHub-Event");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("body", value(recorded.path("body")));
        variables.put("header", headers(recorded.path("headers")));
        variables.put("requestURL", "http://el-github.ledger-ci.svc.cluster.local:8080/");
        List<String> started = new ArrayList<>();
        for (JsonNode trigger : listener.path("spec").path("triggers")) {
            if (!github(trigger).toString().contains("\"" + event + "\"")) {
                continue;
            }
            String filter = cel(trigger).path("value").asText();
            CelAbstractSyntaxTree ast = COMPILER.compile(filter).getAst();
            Object passes = RUNTIME.createProgram(ast).eval(variables);
            if (Boolean.TRUE.equals(passes)) {
                started.add(trigger.path("template").path("ref").asText());
            }
        }
        return started;
    }

    /** The GitHub interceptor's eventTypes; every trigger must check the event there. */
    private static JsonNode github(JsonNode trigger) {
        for (JsonNode interceptor : trigger.path("interceptors")) {
            if ("github".equals(interceptor.path("ref").path("name").asText())) {
                for (JsonNode param : interceptor.path("params")) {
                    if ("eventTypes".equals(param.path("name").asText())) {
                        assertTrue(
                                interceptor.path("params").toString().contains("secretRef"),
                                "the GitHub interceptor checks the signature");
                        return param.path("value");
                    }
                }
            }
        }
        throw new AssertionError(trigger.path("name").asText() + " has no GitHub interceptor with eventTypes");
    }

    /** The filter param of the trigger's CEL interceptor. */
    private static JsonNode cel(JsonNode trigger) {
        for (JsonNode interceptor : trigger.path("interceptors")) {
            if ("cel".equals(interceptor.path("ref").path("name").asText())) {
                for (JsonNode param : interceptor.path("params")) {
                    if ("filter".equals(param.path("name").asText())) {
                        return param;
                    }
                }
            }
        }
        throw new AssertionError(trigger.path("name").asText() + " has no CEL filter");
    }

    /** Headers as Tekton passes them to CEL: canonical names (Go's http.Header), each with its values. */
    private static Map<String, List<String>> headers(JsonNode headers) {
        Map<String, List<String>> canonical = new TreeMap<>();
        headers.properties()
                .forEach(header -> canonical.put(
                        canonical(header.getKey()), List.of(header.getValue().asText())));
        return canonical;
    }

    private static String header(JsonNode headers, String name) {
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        throw new AssertionError("no header " + name + " in " + headers);
    }

    /** Go's textproto.CanonicalMIMEHeaderKey: X-GitHub-Event becomes X-Github-Event. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    /** JSON as CEL's Java values: maps, lists, strings, int64, double, bool. */
    private static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(field -> map.put(field.getKey(), value(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNull()) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        return node.asText();
    }
}
