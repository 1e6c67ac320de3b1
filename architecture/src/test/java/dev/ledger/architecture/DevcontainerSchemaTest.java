package dev.ledger.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The development container's file, .devcontainer/devcontainer.json, is valid against the Dev
 * Container specification's schema (src/test/resources/devcontainer/, whose README says where it
 * comes from), so Codespaces, Gitpod and Coder's envbuilder read what it means. The file is JSONC:
 * comments and trailing commas are allowed. The schema forbids properties it does not know, so a
 * misspelt one fails, as does a value of the wrong type; each is shown on a broken copy.
 */
class DevcontainerSchemaTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEVCONTAINER = ROOT.resolve(".devcontainer/devcontainer.json");
    private static final String SCHEMA = "/devcontainer/devContainer.base.schema.json";
    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    @Test
    void shouldMatchTheDevContainerSchema() throws IOException {
        assertEquals(List.of(), problems(devcontainer()));
    }

    @Test
    void shouldFailWhenAPropertyIsMisspelt() throws IOException {
        ObjectNode broken = devcontainer();
        assertTrue(broken.has("forwardPorts"), "devcontainer.json has no forwardPorts to misspell");
        broken.set("forwardedPorts", broken.remove("forwardPorts"));

        List<String> problems = problems(broken);
        assertTrue(
                problems.stream().anyMatch(problem -> problem.contains("forwardedPorts")),
                "the misspelt forwardedPorts was not reported: " + problems);
    }

    @Test
    void shouldFailWhenAValueHasTheWrongType() throws IOException {
        ObjectNode broken = devcontainer();
        broken.put("forwardPorts", "8080");

        assertFalse(problems(broken).isEmpty(), "forwardPorts as a string, not an array, was not reported");
    }

    private static ObjectNode devcontainer() throws IOException {
        return (ObjectNode) JSONC.readTree(DEVCONTAINER.toFile());
    }

    private static List<String> problems(JsonNode devcontainer) throws IOException {
        return schema().validate(devcontainer).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    /** The specification's schema is JSON Schema 2019-09 and refers to no other file. */
    private static JsonSchema schema() throws IOException {
        try (InputStream in = DevcontainerSchemaTest.class.getResourceAsStream(SCHEMA)) {
            assertNotNull(
                    in,
                    "the Dev Container schema is missing: architecture/src/test/resources" + SCHEMA
                            + " (the README beside it says where it comes from)");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909)
                    .getSchema(JSONC.readTree(in));
        }
    }
}
