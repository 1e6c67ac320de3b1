package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The platform's non-functional requirements as rules over rendered manifests. Each violation is
 * reported as "rule: object: what is wrong", so a test can check that a rule fires.
 */
final class Policies {

    static final String COMMAND = "ledger-command";
    static final String QUERY = "ledger-query";

    /** Room a loaded service's JVM needs beside its heap: command-service took 276 MiB, and a margin. */
    static final long NON_HEAP_BYTES = 288L << 20;

    private Policies() {}

    static List<String> violations(List<ObjectNode> objects) {
        List<String> found = new ArrayList<>();
        releaseStrategies(objects, found);
        for (ObjectNode deployment : Manifests.ofKind(objects, "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template");
            probes(deployment, pod.path("spec"), found);
            pod(deployment, pod, found);
            int grace = pod.path("spec").path("terminationGracePeriodSeconds").asInt(0);
            if (grace < 30) {
                found.add("graceful-shutdown: " + Manifests.id(deployment) + ": terminationGracePeriodSeconds " + grace
                        + " < 30");
            }
            for (JsonNode container : pod.path("spec").path("containers")) {
                if (container.path("lifecycle").path("preStop").isMissingNode()) {
                    found.add("graceful-shutdown: " + Manifests.id(deployment) + ": a preStop pause before SIGTERM");
                }
            }
        }
        for (ObjectNode cronJob : Manifests.ofKind(objects, "CronJob")) {
            jobSettings(cronJob, found);
            pod(cronJob, cronJob.path("spec").path("jobTemplate").path("spec").path("template"), found);
        }
        autoscaling(objects, found);
        namespaces(objects, found);
        networkPolicies(objects, found);
        AcdProxyPolicy.violations(objects, found);
        ReleasePolicy.violations(objects, found);
        TracingPolicy.violations(objects, found);
        ConnectionPolicy.violations(objects, found);
        ClientKeyPolicy.violations(objects, found);
        IdentityProviderPolicy.violations(objects, found);
        ReadOnlyJobsPolicy.violations(objects, found);
        return found;
    }

    private static void releaseStrategies(List<ObjectNode> objects, List<String> found) {
        Manifests.find(objects, "Deployment", COMMAND)
                .ifPresentOrElse(
                        command -> {
                            JsonNode spec = command.path("spec");
                            if (!"Recreate"
                                    .equals(spec.path("strategy").path("type").asText())) {
                                found.add("command-recreate: " + Manifests.id(command) + ": strategy must be Recreate");
                            }
                            if (spec.path("replicas").asInt(1) != 1) {
                                found.add("command-recreate: " + Manifests.id(command) + ": exactly one replica");
                            }
                        },
                        () -> found.add("command-recreate: no Deployment " + COMMAND));
        Manifests.find(objects, "Deployment", QUERY)
                .ifPresentOrElse(
                        query -> {
                            JsonNode strategy = query.path("spec").path("strategy");
                            if (!"RollingUpdate".equals(strategy.path("type").asText())
                                    || !"0"
                                            .equals(strategy.path("rollingUpdate")
                                                    .path("maxUnavailable")
                                                    .asText())) {
                                found.add("query-rolling: " + Manifests.id(query)
                                        + ": RollingUpdate with maxUnavailable 0");
                            }
                            if (query.path("spec")
                                            .path("template")
                                            .path("spec")
                                            .path("topologySpreadConstraints")
                                            .size()
                                    < 2) {
                                found.add("query-rolling: " + Manifests.id(query) + ": spread over nodes and zones");
                            }
                        },
                        () -> found.add("query-rolling: no Deployment " + QUERY));
    }

    private static void probes(ObjectNode owner, JsonNode podSpec, List<String> found) {
        for (JsonNode container : podSpec.path("containers")) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                if (!path.startsWith("/q/health")) {
                    found.add("probes: " + Manifests.id(owner) + ": " + probe + " must check /q/health/*");
                }
            }
        }
    }

    private static void pod(ObjectNode owner, JsonNode template, List<String> found) {
        String id = Manifests.id(owner);
        for (String label :
                List.of("app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/instance")) {
            if (owner.path("metadata").path("labels").path(label).asText().isEmpty()
                    || template.path("metadata")
                            .path("labels")
                            .path(label)
                            .asText()
                            .isEmpty()) {
                found.add("labels: " + id + ": " + label + " on the object and its pods");
            }
        }
        JsonNode spec = template.path("spec");
        JsonNode podSecurity = spec.path("securityContext");
        if (!podSecurity.path("runAsNonRoot").asBoolean(false)
                || !"RuntimeDefault"
                        .equals(podSecurity.path("seccompProfile").path("type").asText())) {
            found.add("restricted: " + id + ": pod must run as non-root with seccomp RuntimeDefault");
        }
        for (JsonNode sidecar : spec.path("initContainers")) {
            restrictedContainer(id, sidecar, found);
        }
        for (JsonNode container : spec.path("containers")) {
            restrictedContainer(id, container, found);
            boolean tmp = false;
            for (JsonNode mount : container.path("volumeMounts")) {
                tmp |= "/tmp".equals(mount.path("mountPath").asText());
            }
            if (!tmp) {
                found.add("restricted: " + id + ": a writable /tmp (emptyDir) for the read-only root");
            }
            if (isLedgerImage(container)) {
                heapBesideTheRest(
                        id, container, "Deployment".equals(owner.path("kind").asText()), found);
            }
        }
    }

    /**
     * The JVM's heap is sized from the container's memory limit (MaxRAMPercentage), and leaves room
     * beside it for what a loaded service needs besides its heap: metaspace, code cache, threads and
     * buffers took up to 276 MiB under the bench's load (docs/benchmarks.md, "Memory"). A heap that
     * leaves less grows, under load, into a pod the kernel kills. The jobs, short batch runs with no
     * HTTP server, need only the sizing.
     */
    private static void heapBesideTheRest(String id, JsonNode container, boolean service, List<String> found) {
        OptionalDouble percentage = Manifests.maxRamPercentage(container);
        if (percentage.isEmpty()) {
            found.add("resources: " + id + ": the JVM must be sized from the container (MaxRAMPercentage)");
            return;
        }
        String memory =
                container.path("resources").path("limits").path("memory").asText();
        if (!service || memory.isEmpty()) {
            return; // restrictedContainer reports a missing limit
        }
        long limit = Quantity.getAmountInBytes(new Quantity(memory)).longValue();
        long besideHeap = limit - (long) (limit * percentage.getAsDouble() / 100);
        if (besideHeap < NON_HEAP_BYTES) {
            found.add("resources: " + id + ": MaxRAMPercentage=" + percentage.getAsDouble() + " of " + memory
                    + " leaves " + (besideHeap >> 20) + " MiB beside the heap; a loaded service needs "
                    + (NON_HEAP_BYTES >> 20));
        }
    }

    /**
     * One of the ledger's own JVM images (ledger-command, ledger-query, ledger-jobs), by the last
     * segment of its name, wherever the pipeline pushed it; not the perf load's wrk, for example.
     */
    static boolean isLedgerImage(JsonNode container) {
        String image = container.path("image").asText();
        String name = image.replaceFirst("[@:][^/]*$", "");
        return name.substring(name.lastIndexOf('/') + 1).startsWith("ledger-");
    }

    /** Pod Security "restricted" and sized resources, for every container and sidecar alike. */
    private static void restrictedContainer(String id, JsonNode container, List<String> found) {
        JsonNode security = container.path("securityContext");
        boolean dropsAll = false;
        for (JsonNode capability : security.path("capabilities").path("drop")) {
            dropsAll |= "ALL".equals(capability.asText());
        }
        if (security.path("allowPrivilegeEscalation").asBoolean(true)
                || !dropsAll
                || !security.path("readOnlyRootFilesystem").asBoolean(false)) {
            found.add("restricted: " + id + ": " + container.path("name").asText()
                    + " needs allowPrivilegeEscalation false, capabilities drop ALL and a read-only root filesystem");
        }
        JsonNode resources = container.path("resources");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (resources.path(kind).path(resource).asText().isEmpty()) {
                    found.add("resources: " + id + ": " + container.path("name").asText() + " " + kind + "." + resource
                            + " missing");
                }
            }
        }
    }

    private static void jobSettings(ObjectNode cronJob, List<String> found) {
        JsonNode spec = cronJob.path("spec");
        JsonNode job = spec.path("jobTemplate").path("spec");
        if (!"Forbid".equals(spec.path("concurrencyPolicy").asText())
                || job.path("backoffLimit").isMissingNode()
                || job.path("activeDeadlineSeconds").asInt(0) <= 0
                || job.path("ttlSecondsAfterFinished").asInt(0) <= 0) {
            found.add("jobs: " + Manifests.id(cronJob) + ": concurrencyPolicy Forbid, backoffLimit,"
                    + " activeDeadlineSeconds and ttlSecondsAfterFinished");
        }
    }

    private static void autoscaling(List<ObjectNode> objects, List<String> found) {
        List<ObjectNode> autoscalers = Manifests.ofKind(objects, "HorizontalPodAutoscaler");
        for (ObjectNode hpa : autoscalers) {
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            if (!QUERY.equals(target)) {
                found.add("hpa-query-only: " + Manifests.id(hpa) + ": only the query side scales out, not " + target);
            } else if (hpa.path("spec").path("minReplicas").asInt() != 2
                    || hpa.path("spec").path("maxReplicas").asInt() != 10) {
                found.add("hpa-query-only: " + Manifests.id(hpa) + ": 2..10 replicas");
            }
        }
        if (autoscalers.stream()
                .noneMatch(h -> QUERY.equals(
                        h.path("spec").path("scaleTargetRef").path("name").asText()))) {
            found.add("hpa-query-only: no HorizontalPodAutoscaler for " + QUERY);
        }
        JsonNode queryPods = Manifests.find(objects, "Deployment", QUERY)
                .map(Policies::podLabels)
                .orElse(MissingNode.getInstance());
        boolean budget = Manifests.ofKind(objects, "PodDisruptionBudget").stream()
                .anyMatch(pdb -> Manifests.selects(pdb.path("spec").path("selector"), queryPods));
        if (!budget) {
            found.add("pdb: no PodDisruptionBudget for " + QUERY);
        }
    }

    private static void namespaces(List<ObjectNode> objects, List<String> found) {
        List<ObjectNode> namespaces = Manifests.ofKind(objects, "Namespace");
        if (namespaces.isEmpty()) {
            found.add("pod-security: no Namespace with Pod Security labels");
        }
        for (ObjectNode namespace : namespaces) {
            if (!"restricted"
                    .equals(namespace
                            .path("metadata")
                            .path("labels")
                            .path("pod-security.kubernetes.io/enforce")
                            .asText())) {
                found.add("pod-security: " + Manifests.id(namespace) + ": must enforce restricted");
            }
        }
    }

    private static void networkPolicies(List<ObjectNode> objects, List<String> found) {
        for (ObjectNode deployment : Manifests.ofKind(objects, "Deployment")) {
            StringBuilder ingress = new StringBuilder();
            for (ObjectNode policy : Manifests.ofKind(objects, "NetworkPolicy")) {
                if (Manifests.selects(policy.path("spec").path("podSelector"), podLabels(deployment))) {
                    ingress.append(policy.path("spec").path("ingress"));
                }
            }
            for (JsonNode port : ports(deployment.path("spec").path("template").path("spec"))) {
                int number = port.path("containerPort").asInt();
                if (!ingress.toString().contains("\"port\":" + number + ",")) {
                    found.add("ingress-port: " + Manifests.id(deployment) + ": no NetworkPolicy lets its port "
                            + port.path("name").asText() + " (" + number + ") in");
                }
            }
        }
        boolean defaultDeny = Manifests.ofKind(objects, "NetworkPolicy").stream()
                .anyMatch(policy -> {
                    JsonNode spec = policy.path("spec");
                    return spec.path("podSelector").isEmpty()
                            && spec.path("ingress").isMissingNode()
                            && spec.path("egress").isMissingNode()
                            && spec.path("policyTypes").toString().contains("Ingress")
                            && spec.path("policyTypes").toString().contains("Egress");
                });
        if (!defaultDeny) {
            found.add("default-deny: no NetworkPolicy denying all ingress and egress by default");
        }
    }

    /** The pod templates whose first container is one of the ledger's JVMs, by the object that owns each. */
    static Map<ObjectNode, JsonNode> ledgerPods(List<ObjectNode> objects) {
        Map<ObjectNode, JsonNode> pods = new LinkedHashMap<>();
        Manifests.podTemplates(objects).forEach((owner, pod) -> {
            if (isLedgerImage(pod.path("spec").path("containers").path(0))) {
                pods.put(owner, pod);
            }
        });
        return pods;
    }

    /** The labels of a Deployment's pods. */
    static JsonNode podLabels(JsonNode deployment) {
        return deployment.path("spec").path("template").path("metadata").path("labels");
    }

    /** Every port a pod declares, its containers' and its sidecars'. */
    static List<JsonNode> ports(JsonNode podSpec) {
        List<JsonNode> ports = new ArrayList<>();
        for (String containers : List.of("initContainers", "containers")) {
            for (JsonNode container : podSpec.path(containers)) {
                container.path("ports").forEach(ports::add);
            }
        }
        return ports;
    }
}
