package dev.ledger.k8s.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The ledger's ApplicationSets over the five registered clusters (src/test/resources/delivery/clusters):
 * one Application per environment, named after it, deploying its overlay to its cluster; only
 * production without automated sync.
 */
class ApplicationSetRenderTest {

    private static final List<String> ENVIRONMENTS = List.of("dev", "int", "stage", "perf", "prod");

    @Test
    void shouldMakeOneApplicationPerEnvironmentCluster() {
        List<ObjectNode> applications = ledgerApplications();
        assertEquals(5, applications.size(), applications.toString());
        Map<String, ObjectNode> byName = new TreeMap<>();
        applications.forEach(application -> byName.put(Delivery.name(application), application));
        assertEquals(5, byName.size(), "unique names");
        for (String environment : ENVIRONMENTS) {
            ObjectNode application = byName.get("ledger-" + environment);
            assertTrue(application != null, "no Application ledger-" + environment + " in " + byName.keySet());
            JsonNode spec = application.path("spec");
            assertEquals(environment, spec.path("destination").path("name").asText());
            assertEquals(
                    "ledger-" + environment,
                    spec.path("destination").path("namespace").asText());
            assertEquals(
                    "k8s/overlays/" + environment,
                    spec.path("source").path("path").asText());
            assertEquals(
                    Delivery.REPOSITORY, spec.path("source").path("repoURL").asText());
            assertEquals("main", spec.path("source").path("targetRevision").asText());
            assertTrue(
                    Files.isRegularFile(Delivery.ROOT.resolve("k8s/overlays/" + environment + "/kustomization.yaml")));
            assertEquals(
                    "argocd", application.path("metadata").path("namespace").asText());
        }
    }

    @Test
    void shouldSyncEveryEnvironmentButProdByItself() {
        for (ObjectNode application : ledgerApplications()) {
            JsonNode spec = application.path("spec");
            if (Delivery.name(application).equals("ledger-prod")) {
                assertTrue(spec.path("syncPolicy").path("automated").isMissingNode(), "prod syncs by hand");
                assertEquals("prod", spec.path("project").asText());
            } else {
                assertTrue(
                        spec.path("syncPolicy").path("automated").path("prune").asBoolean(),
                        Delivery.name(application));
                assertTrue(
                        spec.path("syncPolicy")
                                .path("automated")
                                .path("selfHeal")
                                .asBoolean(),
                        Delivery.name(application));
                assertEquals("nonprod", spec.path("project").asText());
            }
        }
    }

    @Test
    void shouldKeepTheNamespacesInThePlatformProject() {
        ObjectNode set = Delivery.named(Delivery.argocd(), "ApplicationSet", "ledger-namespaces");
        List<ObjectNode> applications = ApplicationSets.render(set, Delivery.clusters());
        assertEquals(5, applications.size());
        for (ObjectNode application : applications) {
            assertEquals("platform", application.path("spec").path("project").asText());
            List<ObjectNode> deployed = Delivery.source(application);
            assertEquals(1, deployed.size());
            assertEquals("Namespace", deployed.get(0).path("kind").asText());
            assertEquals(
                    application
                            .path("spec")
                            .path("destination")
                            .path("namespace")
                            .asText(),
                    Delivery.name(deployed.get(0)));
        }
    }

    @Test
    void shouldDeployNoNamespaceFromTheLedgersApplications() {
        for (ObjectNode application : ledgerApplications()) {
            List<ObjectNode> deployed = Delivery.source(application);
            assertFalse(deployed.isEmpty());
            assertTrue(Manifests.ofKind(deployed, "Namespace").isEmpty(), Delivery.name(application));
            assertFalse(Manifests.ofKind(deployed, "Deployment").isEmpty(), Delivery.name(application));
        }
    }

    @Test
    void shouldRefuseWhatTheRendererDoesNotKnow() {
        ObjectNode set = Delivery.named(Delivery.argocd(), "ApplicationSet", "ledger");
        ((ObjectNode) set.path("spec").path("template").path("metadata"))
                .put("name", "ledger-{{.metadata.labels.env}}");
        assertThrows(IllegalArgumentException.class, () -> ApplicationSets.render(set, Delivery.clusters()));

        ObjectNode missing = Delivery.named(Delivery.argocd(), "ApplicationSet", "ledger");
        ((ObjectNode) missing.path("spec").path("template").path("metadata"))
                .put("name", "ledger-{{index .metadata.labels \"region\"}}");
        assertThrows(IllegalArgumentException.class, () -> ApplicationSets.render(missing, Delivery.clusters()));

        ObjectNode plain = Delivery.named(Delivery.argocd(), "ApplicationSet", "ledger");
        ((ObjectNode) plain.path("spec")).put("goTemplate", false);
        assertThrows(IllegalArgumentException.class, () -> ApplicationSets.render(plain, Delivery.clusters()));
    }

    @Test
    void shouldSelectClustersByTheirEnvLabel() {
        List<ObjectNode> clusters = new ArrayList<>(Delivery.clusters());
        ObjectNode unlabelled = clusters.get(0).deepCopy();
        ((ObjectNode) unlabelled.path("metadata").path("labels")).remove("env");
        clusters.add(unlabelled);
        ObjectNode notACluster = clusters.get(1).deepCopy();
        ((ObjectNode) notACluster.path("metadata").path("labels")).remove("argocd.argoproj.io/secret-type");
        clusters.add(notACluster);
        List<ObjectNode> applications = new ArrayList<>();
        for (String name : List.of("ledger", "ledger-prod")) {
            applications.addAll(
                    ApplicationSets.render(Delivery.named(Delivery.argocd(), "ApplicationSet", name), clusters));
        }
        assertEquals(5, applications.size());
    }

    private static List<ObjectNode> ledgerApplications() {
        List<ObjectNode> applications = new ArrayList<>();
        for (String name : List.of("ledger", "ledger-prod")) {
            applications.addAll(ApplicationSets.render(
                    Delivery.named(Delivery.argocd(), "ApplicationSet", name), Delivery.clusters()));
        }
        return applications;
    }
}
