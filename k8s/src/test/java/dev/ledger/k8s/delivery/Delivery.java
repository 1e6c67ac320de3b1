package dev.ledger.k8s.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What delivery/ holds, read as objects: the Tekton objects (delivery/tekton, rendered as kubectl
 * applies them, plus Chains' configuration), the Argo CD objects (delivery/argocd), the
 * Applications the ApplicationSets make over the cluster fixtures, and what each Application's
 * source renders to.
 */
final class Delivery {

    /** The repository's root, from this module. */
    static final Path ROOT = Path.of("..");

    static final Path TEKTON = ROOT.resolve("delivery/tekton");
    static final Path ARGOCD = ROOT.resolve("delivery/argocd");
    static final Path PROMOTE_SCRIPT = TEKTON.resolve("scripts/gitops-promote.sh");
    static final Path CLUSTERS = Path.of("src/test/resources/delivery/clusters");
    static final String REPOSITORY = "https://github.com/acd-reference/acd-reference.git";

    private static List<ObjectNode> tekton;
    private static List<ObjectNode> argocd;
    private static final Map<String, List<ObjectNode>> SOURCES = new LinkedHashMap<>();

    private Delivery() {}

    /** Every Tekton object kubectl apply -k delivery/tekton creates, and chains-config. */
    static synchronized List<ObjectNode> tekton() {
        if (tekton == null) {
            List<ObjectNode> objects = new ArrayList<>(Manifests.render(TEKTON));
            objects.addAll(read(TEKTON.resolve("chains/chains-config.yaml")));
            tekton = List.copyOf(objects);
        }
        return Manifests.deepCopy(tekton);
    }

    /** Every object kubectl apply -k delivery/argocd creates, and the argocd-cm patch. */
    static synchronized List<ObjectNode> argocd() {
        if (argocd == null) {
            List<ObjectNode> objects = new ArrayList<>(Manifests.render(ARGOCD));
            objects.addAll(read(ARGOCD.resolve("argocd-cm.patch.yaml")));
            argocd = List.copyOf(objects);
        }
        return Manifests.deepCopy(argocd);
    }

    /** The five registered environment clusters, as Argo CD keeps them: Secrets labelled env. */
    static List<ObjectNode> clusters() {
        try (Stream<Path> files = Files.list(CLUSTERS)) {
            return files.sorted().flatMap(file -> read(file).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Applications every ApplicationSet makes over the clusters. */
    static List<ObjectNode> applications(List<ObjectNode> argocd) {
        List<ObjectNode> applications = new ArrayList<>();
        for (ObjectNode set : Manifests.ofKind(argocd, "ApplicationSet")) {
            applications.addAll(ApplicationSets.render(set, clusters()));
        }
        return applications;
    }

    /**
     * What an Application deploys: its kustomize source with the Application's own patches, as
     * Argo CD renders it (the patches are applied over the overlay, as Argo CD adds them to it),
     * or the files a directory source includes.
     */
    static synchronized List<ObjectNode> source(JsonNode application) {
        JsonNode source = application.path("spec").path("source");
        String key = source.toString();
        return Manifests.deepCopy(SOURCES.computeIfAbsent(key, k -> renderSource(application, source)));
    }

    private static List<ObjectNode> renderSource(JsonNode application, JsonNode source) {
        Path path = ROOT.resolve(source.path("path").asText());
        if (source.has("directory")) {
            String include = source.path("directory").path("include").asText();
            if (include.isEmpty() || include.contains("*") || include.contains("{")) {
                throw new IllegalArgumentException("only a directory source that includes one file is rendered here");
            }
            return read(path.resolve(include));
        }
        Path wrapper = Path.of(
                "target", "argocd", application.path("metadata").path("name").asText());
        try {
            Files.createDirectories(wrapper);
            ObjectNode kustomization = Manifests.YAML.createObjectNode();
            kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
            kustomization.put("kind", "Kustomization");
            kustomization
                    .putArray("resources")
                    .add(wrapper.toAbsolutePath()
                            .normalize()
                            .relativize(path.toAbsolutePath().normalize())
                            .toString());
            JsonNode patches = source.path("kustomize").path("patches");
            if (!patches.isMissingNode()) {
                kustomization.set("patches", patches.deepCopy());
            }
            Files.writeString(wrapper.resolve("kustomization.yaml"), Manifests.YAML.writeValueAsString(kustomization));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Manifests.render(wrapper);
    }

    static List<ObjectNode> read(Path file) {
        try {
            return Manifests.read(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return Manifests.find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
