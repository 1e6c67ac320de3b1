package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The overlays against a managed Kafka and PostgreSQL (components/managed-services): no operator's
 * object and no Secret in the render, and every workload given each setting the services read; the
 * other overlays keep the operators' Kafka and databases (components/platform-operators).
 */
class ManagedServicesTest {

    /** The API groups of Strimzi's and CloudNativePG's custom resources. */
    private static final Set<String> OPERATOR_GROUPS = Set.of("kafka.strimzi.io", "postgresql.cnpg.io");

    /** What both services read to reach their database and Kafka (docs/managed-services.md). */
    private static final List<String> SERVICE_VARIABLES = List.of(
            "DB_HOST",
            "DB_PORT",
            "DB_NAME",
            "DB_USER",
            "DB_PASSWORD",
            "DB_SSL_MODE",
            "DB_SSL_ROOT_CERT",
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_CA_LOCATION",
            "KAFKA_EVENTS_TOPIC",
            "KAFKA_DLQ_TOPIC",
            "KAFKA_CONSUMER_GROUP");

    static List<String> managed() {
        return Manifests.MANAGED_SERVICES;
    }

    static List<String> operated() {
        return Manifests.KUSTOMIZATIONS.stream()
                .filter(kustomization -> !Manifests.MANAGED_SERVICES.contains(kustomization))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("managed")
    void shouldRenderNoObjectOfTheOperators(String kustomization) {
        List<ObjectNode> objects = Manifests.render(kustomization);
        List<String> operators = objects.stream()
                .filter(object -> OPERATOR_GROUPS.contains(
                        object.path("apiVersion").asText().replaceFirst("/.*", "")))
                .map(Manifests::id)
                .toList();
        assertEquals(List.of(), operators);
        List<String> policies = Manifests.ofKind(objects, "NetworkPolicy").stream()
                .filter(policy -> policy.path("spec").toString().matches(".*\"(strimzi|cnpg)\\.io/.*"))
                .map(Manifests::id)
                .toList();
        assertEquals(List.of(), policies, "NetworkPolicies for the operators' pods, which do not run here");
    }

    @ParameterizedTest
    @MethodSource("managed")
    void shouldHoldNoSecret(String kustomization) {
        assertEquals(
                List.of(),
                Manifests.ofKind(Manifests.render(kustomization), "Secret").stream()
                        .map(Manifests::id)
                        .toList(),
                "the platform team creates the Secrets; no credential is in git");
    }

    @ParameterizedTest
    @MethodSource("operated")
    void shouldRunKafkaAndBothDatabasesElsewhere(String kustomization) {
        List<ObjectNode> objects = Manifests.render(kustomization);
        assertRuns(kustomization, objects, "Kafka", "ledger");
        assertRuns(kustomization, objects, "Cluster", "ledger-command-db");
        assertRuns(kustomization, objects, "Cluster", "ledger-query-db");
    }

    @Test
    void shouldGiveEachWorkloadEverySettingTheServicesRead() {
        List<ObjectNode> objects = Manifests.render(Manifests.MANAGED);
        for (String service : List.of(Policies.COMMAND, Policies.QUERY)) {
            ObjectNode deployment =
                    Manifests.find(objects, "Deployment", service).orElseThrow();
            assertSets(SERVICE_VARIABLES, deployment.path("spec").path("template"), deployment);
        }
        List<String> jobVariables = new ArrayList<>();
        for (String variable : SERVICE_VARIABLES) {
            if (variable.startsWith("DB_")) {
                jobVariables.add("COMMAND_" + variable);
                jobVariables.add("QUERY_" + variable);
            } else {
                jobVariables.add(variable);
            }
        }
        List<ObjectNode> jobs = Manifests.ofKind(objects, "CronJob");
        assertFalse(jobs.isEmpty());
        for (ObjectNode cronJob : jobs) {
            assertSets(
                    jobVariables,
                    cronJob.path("spec").path("jobTemplate").path("spec").path("template"),
                    cronJob);
        }
    }

    /**
     * With components/managed-db-client-certs, every workload names a client certificate and key for
     * each database it reaches, and the password of that database turns optional.
     */
    @Test
    void shouldGiveEachWorkloadAClientCertificatePerDatabase() {
        List<ObjectNode> objects = Manifests.render(Manifests.CLIENT_CERTIFICATES);
        for (String service : List.of(Policies.COMMAND, Policies.QUERY)) {
            JsonNode pod = Manifests.find(objects, "Deployment", service)
                    .orElseThrow()
                    .path("spec")
                    .path("template");
            assertLogsInWithACertificate(pod, "", service);
        }
        for (ObjectNode cronJob : Manifests.ofKind(objects, "CronJob")) {
            JsonNode pod = cronJob.path("spec").path("jobTemplate").path("spec").path("template");
            assertLogsInWithACertificate(pod, "COMMAND_", Manifests.id(cronJob));
            assertLogsInWithACertificate(pod, "QUERY_", Manifests.id(cronJob));
        }
    }

    private static void assertLogsInWithACertificate(JsonNode pod, String prefix, String owner) {
        Set<String> names = variables(pod);
        assertTrue(names.contains(prefix + "DB_SSL_CERT") && names.contains(prefix + "DB_SSL_KEY"), owner);
        for (JsonNode variable : pod.path("spec").path("containers").path(0).path("env")) {
            if (variable.path("name").asText().equals(prefix + "DB_PASSWORD")) {
                assertTrue(
                        variable.path("valueFrom")
                                .path("secretKeyRef")
                                .path("optional")
                                .asBoolean(false),
                        owner + ": " + prefix + "DB_PASSWORD must be optional: pg_hba's cert method asks none");
            }
        }
    }

    private static void assertRuns(String kustomization, List<ObjectNode> objects, String kind, String name) {
        assertTrue(Manifests.find(objects, kind, name).isPresent(), kustomization + " runs no " + kind + " " + name);
    }

    private static void assertSets(List<String> variables, JsonNode pod, ObjectNode owner) {
        Set<String> set = variables(pod);
        assertEquals(
                List.of(),
                variables.stream().filter(variable -> !set.contains(variable)).toList(),
                Manifests.id(owner) + " lacks these variables");
    }

    /** The names of the variables of the pod's first container, the ledger's. */
    private static Set<String> variables(JsonNode pod) {
        Set<String> names = new TreeSet<>();
        for (JsonNode variable : pod.path("spec").path("containers").path(0).path("env")) {
            names.add(variable.path("name").asText());
        }
        return names;
    }
}
