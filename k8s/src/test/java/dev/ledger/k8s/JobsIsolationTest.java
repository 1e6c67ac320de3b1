package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.NetworkReach.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The jobs need the databases and Kafka, never the services: in every overlay, no NetworkPolicy
 * lets a job's pod open a connection to any port of a command or query pod (the application's,
 * the ACD proxy's, the management port). The same policies still let the ingress controller in,
 * so the answer is not "nothing reaches anything".
 */
class JobsIsolationTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void shouldKeepTheJobsAwayFromTheServices(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        assertEquals(List.of(), jobsReaching(objects), overlay);
        for (Map.Entry<ObjectNode, JsonNode> service : services(objects).entrySet()) {
            Pod pod = Pod.of(service.getKey(), service.getValue());
            String ingressNamespace = "ingress-nginx";
            assertTrue(
                    Policies.ports(pod.spec()).stream()
                            .anyMatch(port -> NetworkReach.allows(
                                    objects,
                                    Pod.in(ingressNamespace),
                                    pod,
                                    port.path("containerPort").asInt())),
                    overlay + ": the ingress controller reaches " + Manifests.id(service.getKey()));
        }
    }

    /** The check itself fails when a policy opens the way: one rule out of the jobs, one into command-service. */
    @Test
    void shouldSeeAJobReachACommandPodOnceThePoliciesAllowIt() {
        List<ObjectNode> objects = Manifests.deepCopy(Manifests.overlay("prod"));
        ObjectNode jobsPolicy =
                Manifests.find(objects, "NetworkPolicy", "ledger-jobs").orElseThrow();
        ObjectNode commandPolicy =
                Manifests.find(objects, "NetworkPolicy", "ledger-command").orElseThrow();
        ObjectNode toCommand =
                jobsPolicy.withObject("/spec").withArray("egress").addObject();
        toCommand
                .withArray("to")
                .addObject()
                .withObject("/podSelector")
                .withObject("/matchLabels")
                .put("app.kubernetes.io/name", "ledger-command");
        ObjectNode fromJobs =
                commandPolicy.withObject("/spec").withArray("ingress").addObject();
        fromJobs.withArray("from")
                .addObject()
                .withObject("/podSelector")
                .withObject("/matchLabels")
                .put("app.kubernetes.io/name", "ledger-jobs");
        assertTrue(jobsReaching(objects).stream().anyMatch(found -> found.contains("ledger-command")), "found none");
    }

    private static List<String> jobsReaching(List<ObjectNode> objects) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<ObjectNode, JsonNode> workload :
                Manifests.podTemplates(objects).entrySet()) {
            JsonNode labels = workload.getValue().path("metadata").path("labels");
            if (!"ledger-jobs".equals(labels.path("app.kubernetes.io/name").asText())) {
                continue;
            }
            Pod job = Pod.of(workload.getKey(), workload.getValue());
            for (Map.Entry<ObjectNode, JsonNode> service : services(objects).entrySet()) {
                Pod pod = Pod.of(service.getKey(), service.getValue());
                for (JsonNode port : Policies.ports(pod.spec())) {
                    int number = port.path("containerPort").asInt();
                    if (NetworkReach.allows(objects, job, pod, number)) {
                        found.add(Manifests.id(workload.getKey()) + " reaches " + Manifests.id(service.getKey()) + ":"
                                + number);
                    }
                }
            }
        }
        return found;
    }

    /** The command and query Deployments (Flagger's primaries and canaries too, where they render). */
    private static Map<ObjectNode, JsonNode> services(List<ObjectNode> objects) {
        Map<ObjectNode, JsonNode> services = new LinkedHashMap<>();
        Manifests.podTemplates(objects).forEach((workload, template) -> {
            String name = template.path("metadata")
                    .path("labels")
                    .path("app.kubernetes.io/name")
                    .asText();
            if (workload.path("kind").asText().equals("Deployment")
                    && (name.equals(Policies.COMMAND) || name.equals(Policies.QUERY))) {
                services.put(workload, template);
            }
        });
        return services;
    }
}
