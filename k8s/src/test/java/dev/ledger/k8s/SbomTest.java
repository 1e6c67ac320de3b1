package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each deployable's software bill of materials ({@code target/quarkus-app/sbom.cdx.json}, which the
 * Maven build writes and bin/images copies into the image) names the deployable and lists every
 * library its image ships: each jar of Quarkus's {@code lib/main}, named
 * {@code <groupId>.<artifactId>-<version>[-<classifier>].jar}, is a component of the SBOM.
 */
class SbomTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT =
            Path.of(System.getProperty("ledger.repository", "..")).toAbsolutePath();
    /** pkg:maven/group/artifact@version?classifier=...&type=jar */
    private static final Pattern PURL = Pattern.compile("pkg:maven/([^/]+)/([^@]+)@([^?]+)(?:\\?(.*))?");

    @ParameterizedTest
    @ValueSource(strings = {"command-service", "query-service", "jobs"})
    void shouldListEveryLibraryTheImageShips(String module) throws IOException {
        Path app = ROOT.resolve(module).resolve("target/quarkus-app");
        JsonNode sbom = JSON.readTree(app.resolve("sbom.cdx.json").toFile());
        assertEquals("CycloneDX", sbom.path("bomFormat").asText());
        assertEquals(
                module, sbom.path("metadata").path("component").path("name").asText());

        Set<String> listed = new HashSet<>();
        for (JsonNode component : sbom.path("components")) {
            Matcher purl = PURL.matcher(URLDecoder.decode(component.path("purl").asText(), StandardCharsets.UTF_8));
            if (purl.matches()) {
                listed.add(purl.group(1) + "." + purl.group(2) + "-" + purl.group(3) + classifier(purl.group(4)));
            }
        }
        List<String> unlisted;
        try (Stream<Path> jars = Files.list(app.resolve("lib/main"))) {
            unlisted = jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .map(name -> name.substring(0, name.length() - ".jar".length()))
                    .filter(name -> !listed.contains(name))
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), unlisted, module + ": libraries the image ships that its SBOM does not list");
    }

    private static String classifier(String qualifiers) {
        if (qualifiers == null) {
            return "";
        }
        for (String qualifier : qualifiers.split("&")) {
            if (qualifier.startsWith("classifier=")) {
                return "-" + qualifier.substring("classifier=".length());
            }
        }
        return "";
    }
}
