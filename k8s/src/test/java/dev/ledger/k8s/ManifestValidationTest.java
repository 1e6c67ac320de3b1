package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every object of every overlay and scenario validates against its real schema, strictly. */
class ManifestValidationTest {

    static List<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS;
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void shouldBindEveryCoreObjectWithoutUnknownFields(String kustomization) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Manifests.render(kustomization)) {
            if (CoreKinds.isCore(object)) {
                problems.addAll(CoreKinds.problems(object));
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void shouldValidateEveryCustomResourceAgainstItsOperatorsSchema(String kustomization) {
        CustomResourceSchemas schemas = schemasOrSkip();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (ObjectNode object : Manifests.render(kustomization)) {
            if (!CoreKinds.isCore(object)) {
                problems.addAll(schemas.problems(object));
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        if (Manifests.MANAGED_SERVICES.contains(kustomization)) {
            assertTrue(checked >= 2, "the PodMonitor and the PrometheusRule were checked");
        } else {
            assertTrue(checked >= 9, "Kafka, node pool, topics, users, databases and the PodMonitor were checked");
        }
    }

    @Test
    void shouldCatchAMisspeltFieldInACoreObject() {
        ObjectNode deployment = Manifests.find(Manifests.overlay("prod"), "Deployment", "ledger-command")
                .orElseThrow();
        ((ObjectNode) deployment.path("spec")).put("replica", 2);
        assertFalse(CoreKinds.problems(deployment).isEmpty());
        ObjectNode container = (ObjectNode) deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        ((ObjectNode) deployment.path("spec")).remove("replica");
        container.putObject("securityContext").put("readOnlyRootFilesytem", true);
        assertTrue(
                CoreKinds.problems(deployment).toString().contains("readOnlyRootFilesytem"),
                CoreKinds.problems(deployment).toString());
    }

    @Test
    void shouldCatchAMisspeltFieldInACustomResource() {
        CustomResourceSchemas schemas = schemasOrSkip();
        ObjectNode topic = Manifests.find(Manifests.overlay("prod"), "KafkaTopic", "ledger-account-events")
                .orElseThrow();
        assertEquals(List.of(), schemas.problems(topic));
        ((ObjectNode) topic.path("spec")).put("partition", 6);
        assertFalse(schemas.problems(topic).isEmpty());
        ObjectNode database = Manifests.find(Manifests.overlay("prod"), "Cluster", "ledger-query-db")
                .orElseThrow();
        ((ObjectNode) database.path("spec")).put("instances", "three");
        assertFalse(schemas.problems(database).isEmpty());
    }

    @Test
    void shouldCatchAMisspeltFieldInAReleaseObject() {
        CustomResourceSchemas schemas = schemasOrSkip();
        List<ObjectNode> prod = Manifests.overlay("prod");
        ObjectNode canary = Manifests.find(prod, "Canary", "ledger-query").orElseThrow();
        assertEquals(List.of(), schemas.problems(canary));
        ((ObjectNode) canary.path("spec").path("analysis")).put("stepWeigth", 5);
        assertFalse(schemas.problems(canary).isEmpty());
        ObjectNode gateway = Manifests.find(prod, "Gateway", "ledger").orElseThrow();
        assertEquals(List.of(), schemas.problems(gateway));
        ((ObjectNode) gateway.path("spec").path("listeners").get(0)).put("hostName", "api.ledger.example");
        assertFalse(schemas.problems(gateway).isEmpty());
    }

    static CustomResourceSchemas schemasOrSkip() {
        return CustomResourceSchemas.locateOrSkip();
    }
}
