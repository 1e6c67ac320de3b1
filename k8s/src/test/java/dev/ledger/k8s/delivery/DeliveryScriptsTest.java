package dev.ledger.k8s.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every script the delivery runs passes shellcheck (Debian's package; settings in .shellcheckrc):
 * each Tekton step's script: extracted to a file of its own, so its shebang picks the dialect (bash,
 * or sh for the curl image's step), the promote script's file, and the perf load's script.
 */
class DeliveryScriptsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void shellcheckInstalled() throws Exception {
        boolean installed =
                new ProcessBuilder("sh", "-c", "command -v shellcheck").start().waitFor() == 0;
        assumeTrue(
                installed || "true".equals(System.getenv("CI")),
                "shellcheck is not installed (apt-get install shellcheck)");
    }

    @Test
    void shouldPassShellcheck() throws Exception {
        Map<String, String> scripts = scripts(Delivery.tekton());
        assertTrue(scripts.size() >= 4, "found too few scripts: " + scripts.keySet());
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            assertTrue(script.getValue().startsWith("#!"), script.getKey() + " starts with a shebang");
            Path file = dir.resolve(script.getKey() + ".sh");
            Files.writeString(file, script.getValue());
            files.add(file);
        }
        files.add(Delivery.PROMOTE_SCRIPT.toAbsolutePath());
        files.add(Path.of("overlays/perf/bench/open-accounts.sh").toAbsolutePath());
        String result = shellcheck(files);
        assertTrue(result.startsWith("exit 0"), result);
    }

    @Test
    void shouldCatchWhatShellcheckCatches() throws Exception {
        // The check is real: an unquoted expansion in a step's script fails it.
        Path file = dir.resolve("broken.sh");
        Files.writeString(file, "#!/usr/bin/env bash\nset -eu\ncd $GITOPS_DIR\n");
        String result = shellcheck(List.of(file));
        assertNotEquals("exit 0", result.lines().findFirst().orElse(""), result);
        assertTrue(result.contains("SC2086"), result);
    }

    /** Every script: in the Tekton objects, named object-step. */
    static Map<String, String> scripts(List<ObjectNode> objects) {
        Map<String, String> scripts = new LinkedHashMap<>();
        for (ObjectNode object : objects) {
            collect(object, Manifests.id(object).replace('/', '-'), scripts);
        }
        return scripts;
    }

    private static void collect(JsonNode node, String path, Map<String, String> scripts) {
        if (node.isObject()) {
            String here = node.path("name").isTextual()
                    ? path + "-" + node.path("name").asText()
                    : path;
            if (node.path("script").isTextual()) {
                assertEquals(null, scripts.put(here, node.path("script").asText()), "two scripts named " + here);
            }
            node.properties().forEach(field -> collect(field.getValue(), here, scripts));
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, path, scripts));
        }
    }

    private static String shellcheck(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("shellcheck"));
        files.forEach(file -> command.add(file.toString()));
        Path output = Files.createTempFile(dir, "shellcheck-", ".txt");
        // from the repository's root, so .shellcheckrc applies as for every other script
        Process shellcheck = new ProcessBuilder(command)
                .directory(Delivery.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!shellcheck.waitFor(120, TimeUnit.SECONDS)) {
            shellcheck.destroyForcibly().waitFor();
            throw new AssertionError("shellcheck took over 120 s");
        }
        return "exit " + shellcheck.exitValue() + "\n" + Files.readString(output);
    }
}
