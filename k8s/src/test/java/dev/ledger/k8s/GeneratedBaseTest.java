package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed k8s/base copies are exactly what the Quarkus Kubernetes extension generates now. */
class GeneratedBaseTest {

    @ParameterizedTest
    @CsvSource({
        "command-service, base/command-service",
        "query-service, base/query-service",
        "jobs, base/jobs/generated"
    })
    void shouldMatchWhatTheBuildGenerates(String module, String committedDirectory) throws Exception {
        Path generated = Path.of("..", module, "target", "kubernetes", "kubernetes.yml");
        assertTrue(
                Files.exists(generated),
                generated + " is missing: build from the repository root" + " (./mvnw verify) so " + module
                        + " is packaged before these checks");
        // Compared as objects: the generator does not keep the order of labels from one build to the next.
        List<ObjectNode> expected = Manifests.read(Files.readString(generated));
        List<ObjectNode> committed = Manifests.read(Files.readString(Path.of(committedDirectory, "kubernetes.yml")));
        assertEquals(
                expected,
                committed,
                "k8s/" + committedDirectory + "/kubernetes.yml differs from what " + module
                        + " generates: run bin/k8s-base and commit the result");
    }
}
