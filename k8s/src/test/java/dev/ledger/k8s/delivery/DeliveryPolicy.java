package dev.ledger.k8s.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The delivery's rules, over its objects: the Tekton objects, the Argo CD objects, the Applications
 * the ApplicationSets make, and what each Application deploys. Each violation reads
 * "rule: object: what is wrong", so a test can check that a rule fires.
 */
final class DeliveryPolicy {

    /** The kinds our manifests could hold that Kubernetes keeps outside any namespace. */
    static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition",
            "ClusterIssuer",
            "PersistentVolume",
            "StorageClass",
            "PriorityClass",
            "GatewayClass",
            "ClusterInterceptor",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration");

    /** Sync waves, in the order the issue fixes: each group strictly after the one before it. */
    static final List<List<String>> WAVES = List.of(
            List.of("Kafka", "KafkaNodePool"),
            List.of("KafkaTopic", "KafkaUser"),
            List.of("Cluster"),
            List.of("Deployment", "CronJob"),
            List.of("Canary", "MetricTemplate"));

    static final String WAVE = "argocd.argoproj.io/sync-wave";
    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** The delivery's objects, and what each Application deploys (by Application name). */
    record Objects(
            List<ObjectNode> tekton,
            List<ObjectNode> argocd,
            List<ObjectNode> applications,
            Map<String, List<ObjectNode>> deployed) {

        /** A copy to break on purpose. */
        Objects copy() {
            Map<String, List<ObjectNode>> deployed = new LinkedHashMap<>();
            this.deployed.forEach((name, objects) -> deployed.put(name, new ArrayList<>(Manifests.deepCopy(objects))));
            return new Objects(
                    new ArrayList<>(Manifests.deepCopy(tekton)),
                    new ArrayList<>(Manifests.deepCopy(argocd)),
                    new ArrayList<>(Manifests.deepCopy(applications)),
                    deployed);
        }

        static Objects load() {
            List<ObjectNode> argocd = Delivery.argocd();
            List<ObjectNode> applications = Delivery.applications(argocd);
            Map<String, List<ObjectNode>> deployed = new LinkedHashMap<>();
            for (ObjectNode application : applications) {
                deployed.put(Delivery.name(application), Delivery.source(application));
            }
            return new Objects(Delivery.tekton(), argocd, applications, deployed);
        }
    }

    private DeliveryPolicy() {}

    static List<String> violations(Objects objects) {
        List<String> found = new ArrayList<>();
        for (ObjectNode object : objects.tekton()) {
            tekton(object, found);
        }
        for (ObjectNode application : objects.applications()) {
            String name = Delivery.name(application);
            List<ObjectNode> deployed = objects.deployed().getOrDefault(name, List.of());
            syncPolicy(application, found);
            project(objects.argocd(), application, deployed, found);
            if (!application.path("spec").path("source").has("directory")) {
                waves(application, deployed, found);
                replicas(application, deployed, found);
            }
        }
        projectKindsUsed(objects, found);
        for (ObjectNode project : Manifests.ofKind(objects.argocd(), "AppProject")) {
            if ("prod".equals(Delivery.name(project))
                    && project.path("spec").path("syncWindows").isEmpty()) {
                found.add("prod-window: " + Manifests.id(project) + ": production syncs only inside a sync window");
            }
        }
        return found;
    }

    // --- Tekton ---

    private static void tekton(ObjectNode object, List<String> found) {
        String id = Manifests.id(object);
        if (TektonKinds.isTekton(object)) {
            String expected = object.path("apiVersion").asText().startsWith("triggers.")
                    ? TektonKinds.TRIGGERS
                    : TektonKinds.PIPELINES;
            if (!expected.equals(object.path("apiVersion").asText())) {
                found.add("tekton-api: " + id + ": " + object.path("apiVersion").asText() + ", not " + expected);
            }
        }
        walk(object, id, "", found);
    }

    /** Every step, script, image and task reference, wherever it sits (Tasks, Pipelines, templates). */
    private static void walk(JsonNode node, String id, String path, List<String> found) {
        if (node.isObject()) {
            if (node.has("script")
                    && node.path("script").isTextual()
                    && node.path("script").asText().contains("$(params.")) {
                found.add("script-params: " + id + ": " + path + " puts $(params...) into its script; pass it"
                        + " through env instead");
            }
            if (node.has("image")
                    && node.path("image").isTextual()
                    && !DIGEST.matcher(node.path("image").asText()).matches()) {
                found.add("image-digest: " + id + ": " + path + " runs "
                        + node.path("image").asText() + ", not pinned by @sha256:");
            }
            if (node.has("name")
                    && node.path("name").asText().endsWith("Image")
                    && node.has("value")
                    && !DIGEST.matcher(node.path("value").asText()).matches()) {
                found.add("image-digest: " + id + ": " + path + " passes "
                        + node.path("name").asText() + " " + node.path("value").asText() + ", not pinned by @sha256:");
            }
            for (String ref : List.of("taskRef", "pipelineRef")) {
                if (node.has(ref)) {
                    reference(node.path(ref), id, path + "." + ref, found);
                }
            }
            node.properties().forEach(field -> walk(field.getValue(), id, path + "." + field.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                walk(item, id, path + "[" + item.path("name").asText(String.valueOf(i)) + "]", found);
            }
        }
    }

    /**
     * A reference to a Task of this repository (by name) is as pinned as the commit applying it;
     * one to a catalog Task must name an immutable version: a bundle by digest, or a git commit.
     */
    private static void reference(JsonNode ref, String id, String path, List<String> found) {
        String resolver = ref.path("resolver").asText();
        Map<String, String> params = new LinkedHashMap<>();
        for (JsonNode param : ref.path("params")) {
            params.put(param.path("name").asText(), param.path("value").asText());
        }
        boolean pinned = switch (resolver) {
            case "" -> true;
            case "git" -> COMMIT.matcher(params.getOrDefault("revision", "")).matches();
            case "bundles" -> DIGEST.matcher(params.getOrDefault("bundle", "")).matches();
            default -> false;
        };
        if (!pinned) {
            found.add("catalog-pinned: " + id + ": " + path + " (resolver " + resolver + " " + params
                    + ") names no immutable version: a git commit (40 hex) or a bundle @sha256:");
        }
    }

    // --- Argo CD ---

    private static void syncPolicy(ObjectNode application, List<String> found) {
        String id = Manifests.id(application);
        JsonNode policy = application.path("spec").path("syncPolicy");
        JsonNode automated = policy.path("automated");
        boolean prod = "prod".equals(application.path("spec").path("project").asText());
        if (prod && !automated.isMissingNode()) {
            found.add("prod-manual: " + id + ": production syncs by hand, without syncPolicy.automated");
        }
        boolean ledger = !application.path("spec").path("source").has("directory");
        if (!prod
                && ledger
                && (!automated.path("prune").asBoolean(false)
                        || !automated.path("selfHeal").asBoolean(false)
                        || !automated.path("enabled").asBoolean(true))) {
            found.add("nonprod-automated: " + id + ": outside production Argo CD syncs by itself, with prune"
                    + " and self-heal");
        }
    }

    private static void project(
            List<ObjectNode> argocd, ObjectNode application, List<ObjectNode> deployed, List<String> found) {
        String id = Manifests.id(application);
        JsonNode spec = application.path("spec");
        Optional<ObjectNode> found0 =
                Manifests.find(argocd, "AppProject", spec.path("project").asText());
        if (found0.isEmpty()) {
            found.add("project-destination: " + id + ": no AppProject "
                    + spec.path("project").asText());
            return;
        }
        JsonNode project = found0.get().path("spec");
        String name = spec.path("destination").path("name").asText();
        String namespace = spec.path("destination").path("namespace").asText();
        boolean permitted = false;
        for (JsonNode destination : project.path("destinations")) {
            permitted |= glob(destination.path("name").asText(), name)
                    && glob(destination.path("namespace").asText(), namespace);
        }
        if (!permitted) {
            found.add("project-destination: " + id + ": its project permits no destination " + name + "/" + namespace);
        }
        if (!project.path("sourceRepos")
                        .toString()
                        .contains("\"" + spec.path("source").path("repoURL").asText() + "\"")
                || project.path("sourceRepos").toString().contains("\"*\"")) {
            found.add("project-destination: " + id + ": its project must name this repository, and only it");
        }
        boolean platform = "platform".equals(Delivery.name(found0.get()));
        if (!platform && !project.path("clusterResourceWhitelist").isEmpty()) {
            found.add("project-cluster-scoped: " + Manifests.id(found0.get())
                    + ": the ledger's projects may create no cluster-scoped object");
        }
        for (ObjectNode object : deployed) {
            String kind = object.path("kind").asText();
            String group = group(object);
            if (CLUSTER_SCOPED.contains(kind)) {
                if (!allowed(project.path("clusterResourceWhitelist"), group, kind, Delivery.name(object))) {
                    found.add("project-cluster-scoped: " + id + " deploys " + Manifests.id(object)
                            + ", which its project does not allow");
                }
            } else if (!allowed(project.path("namespaceResourceWhitelist"), group, kind, null)) {
                found.add("project-kinds: " + id + " deploys " + Manifests.id(object) + " (" + group
                        + "), which its project's namespaceResourceWhitelist does not list");
            }
        }
    }

    /** Least privilege the other way: every kind a project allows is one its Applications deploy. */
    private static void projectKindsUsed(Objects objects, List<String> found) {
        for (ObjectNode project : Manifests.ofKind(objects.argocd(), "AppProject")) {
            Set<String> used = new TreeSet<>();
            for (ObjectNode application : objects.applications()) {
                if (Delivery.name(project)
                        .equals(application.path("spec").path("project").asText())) {
                    for (ObjectNode object : objects.deployed().getOrDefault(Delivery.name(application), List.of())) {
                        used.add(group(object) + "/" + object.path("kind").asText());
                    }
                }
            }
            for (String list : List.of("namespaceResourceWhitelist", "clusterResourceWhitelist")) {
                for (JsonNode entry : project.path("spec").path(list)) {
                    String kind = entry.path("group").asText() + "/"
                            + entry.path("kind").asText();
                    if (!used.contains(kind)) {
                        found.add("project-kinds: " + Manifests.id(project) + ": " + list + " allows " + kind
                                + ", which none of its Applications deploys");
                    }
                }
            }
        }
    }

    private static void waves(ObjectNode application, List<ObjectNode> deployed, List<String> found) {
        String id = Manifests.id(application);
        Integer previousMax = null;
        String previous = null;
        for (List<String> kinds : WAVES) {
            Integer min = null;
            Integer max = null;
            for (ObjectNode object : deployed) {
                if (!kinds.contains(object.path("kind").asText())) {
                    continue;
                }
                JsonNode wave = object.path("metadata").path("annotations").path(WAVE);
                if (!wave.isTextual() || !wave.asText().matches("-?[0-9]+")) {
                    found.add("sync-waves: " + id + ": " + Manifests.id(object) + " has no " + WAVE);
                    continue;
                }
                int value = Integer.parseInt(wave.asText());
                min = min == null ? value : Math.min(min, value);
                max = max == null ? value : Math.max(max, value);
            }
            if (min == null) {
                continue;
            }
            if (previousMax != null && min <= previousMax) {
                found.add("sync-waves: " + id + ": " + kinds + " (wave " + min + ") must come after " + previous
                        + " (wave " + previousMax + ")");
            }
            previousMax = max;
            previous = kinds.toString();
        }
    }

    /**
     * The replicas of a Deployment that an autoscaler or a Canary scales are theirs: the
     * Application ignores them, and its sync respects that (RespectIgnoreDifferences).
     */
    private static void replicas(ObjectNode application, List<ObjectNode> deployed, List<String> found) {
        String id = Manifests.id(application);
        Set<String> scaled = new TreeSet<>();
        for (ObjectNode hpa : Manifests.ofKind(deployed, "HorizontalPodAutoscaler")) {
            scaled.add(hpa.path("spec").path("scaleTargetRef").path("name").asText());
        }
        for (ObjectNode canary : Manifests.ofKind(deployed, "Canary")) {
            scaled.add(canary.path("spec").path("targetRef").path("name").asText());
        }
        JsonNode spec = application.path("spec");
        for (String deployment : scaled) {
            boolean ignored = false;
            for (JsonNode entry : spec.path("ignoreDifferences")) {
                ignored |= "apps".equals(entry.path("group").asText())
                        && "Deployment".equals(entry.path("kind").asText())
                        && (entry.path("name").asText(deployment).equals(deployment))
                        && (entry.path("jsonPointers").toString().contains("\"/spec/replicas\"")
                                || entry.path("jqPathExpressions").toString().contains("\".spec.replicas\""));
            }
            if (!ignored) {
                found.add("ignore-replicas: " + id + ": Deployment " + deployment
                        + " is scaled by its autoscaler or Canary: ignoreDifferences /spec/replicas");
            }
        }
        if (!scaled.isEmpty()
                && !spec.path("syncPolicy").path("syncOptions").toString().contains("RespectIgnoreDifferences=true")) {
            found.add("ignore-replicas: " + id + ": a sync must not reset them either: RespectIgnoreDifferences=true");
        }
    }

    private static boolean allowed(JsonNode list, String group, String kind, String name) {
        for (JsonNode entry : list) {
            if (glob(entry.path("group").asText(), group)
                    && glob(entry.path("kind").asText(), kind)
                    && (name == null
                            || entry.path("name").asText().isEmpty()
                            || glob(entry.path("name").asText(), name))) {
                return true;
            }
        }
        return false;
    }

    /** Argo CD's patterns here: '*' anywhere, as in ledger-*. */
    static boolean glob(String pattern, String value) {
        return value.matches(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }

    static String group(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }
}
