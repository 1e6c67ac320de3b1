package dev.ledger.k8s.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The delivery meets every rule of DeliveryPolicy, and every rule fires when it is broken. */
class DeliveryPolicyTest {

    private static DeliveryPolicy.Objects objects;

    @BeforeAll
    static void load() {
        objects = DeliveryPolicy.Objects.load();
    }

    @Test
    void shouldMeetEveryRule() {
        assertEquals(List.of(), DeliveryPolicy.violations(objects));
        assertEquals(10, objects.applications().size());
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken(
                        "script-params",
                        o -> step(o, "gitops-promote", "promote")
                                .put("script", "#!/usr/bin/env bash\nargocd app sync $(params.app-name)\n")),
                broken(
                        "image-digest",
                        o -> step(o, "maven-verify", "verify")
                                .put("image", "docker.io/library/eclipse-temurin:21-jdk")),
                broken(
                        "image-digest",
                        o -> param(task(o, "Pipeline", "main", "clone").path("params"), "gitInitImage")
                                .put("value", "ghcr.io/tektoncd-catalog/git-clone:v1.1.0")),
                broken(
                        "catalog-pinned",
                        o -> param(
                                        task(o, "Pipeline", "pull-request", "clone")
                                                .path("taskRef")
                                                .path("params"),
                                        "revision")
                                .put("value", "main")),
                broken(
                        "catalog-pinned",
                        o -> ((ObjectNode)
                                        task(o, "Pipeline", "promote", "clone").path("taskRef"))
                                .put("resolver", "hub")),
                broken(
                        "tekton-api",
                        o -> Delivery.named(o.tekton(), "Pipeline", "promote").put("apiVersion", "tekton.dev/v1beta1")),
                broken(
                        "tekton-api",
                        o -> Delivery.named(o.tekton(), "EventListener", "github")
                                .put("apiVersion", "triggers.tekton.dev/v1alpha1")),
                broken(
                        "prod-manual",
                        o -> syncPolicy(o, "ledger-prod").putObject("automated").put("prune", true)),
                broken(
                        "nonprod-automated",
                        o -> ((ObjectNode) syncPolicy(o, "ledger-dev").path("automated")).remove("selfHeal")),
                broken("nonprod-automated", o -> syncPolicy(o, "ledger-perf").remove("automated")),
                broken("sync-waves", o -> wave(o, "ledger-stage", "Kafka", "ledger", "3")),
                broken("sync-waves", o -> wave(o, "ledger-prod", "Canary", "ledger-query", "4")),
                broken("sync-waves", o -> wave(o, "ledger-dev", "Cluster", "ledger-query-db", "1")),
                broken(
                        "sync-waves",
                        o -> ((ObjectNode) Delivery.named(
                                                o.deployed().get("ledger-int"), "KafkaTopic", "ledger-account-events")
                                        .path("metadata")
                                        .path("annotations"))
                                .remove(DeliveryPolicy.WAVE)),
                broken(
                        "ignore-replicas",
                        o -> ((ObjectNode) application(o, "ledger-stage").path("spec")).remove("ignoreDifferences")),
                broken(
                        "ignore-replicas",
                        o -> ((ArrayNode) syncPolicy(o, "ledger-prod").path("syncOptions")).removeAll()),
                broken(
                        "project-cluster-scoped",
                        o -> ((ArrayNode) project(o, "nonprod").path("clusterResourceWhitelist"))
                                .addObject()
                                .put("group", "")
                                .put("kind", "Namespace")),
                broken(
                        "project-cluster-scoped",
                        o -> o.deployed()
                                .get("ledger-dev")
                                .add(Delivery.source(namespaceApplication(o, "dev"))
                                        .get(0))),
                broken("project-kinds", o -> removeKind(project(o, "prod"), "Deployment")),
                broken(
                        "project-kinds",
                        o -> ((ArrayNode) project(o, "nonprod").path("namespaceResourceWhitelist"))
                                .addObject()
                                .put("group", "")
                                .put("kind", "Secret")),
                broken("prod-window", o -> project(o, "prod").remove("syncWindows")),
                broken(
                        "project-destination",
                        o -> ((ObjectNode) application(o, "ledger-int")
                                        .path("spec")
                                        .path("destination"))
                                .put("namespace", "kube-system")),
                broken(
                        "project-destination",
                        o -> ((ObjectNode) application(o, "ledger-prod").path("spec")).put("project", "nonprod")));
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("brokenRules")
    void shouldReportABrokenRule(String rule, Consumer<DeliveryPolicy.Objects> breakIt) {
        DeliveryPolicy.Objects copy = objects.copy();
        breakIt.accept(copy);
        List<String> violations = DeliveryPolicy.violations(copy);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith(rule + ":")), rule + " did not fire: " + violations);
    }

    private static Arguments broken(String rule, Consumer<DeliveryPolicy.Objects> breakIt) {
        return Arguments.of(rule, breakIt);
    }

    private static ObjectNode step(DeliveryPolicy.Objects o, String task, String step) {
        for (JsonNode candidate :
                Delivery.named(o.tekton(), "Task", task).path("spec").path("steps")) {
            if (step.equals(candidate.path("name").asText())) {
                return (ObjectNode) candidate;
            }
        }
        throw new AssertionError("no step " + step + " in " + task);
    }

    private static ObjectNode task(DeliveryPolicy.Objects o, String kind, String pipeline, String task) {
        for (JsonNode candidate :
                Delivery.named(o.tekton(), kind, pipeline).path("spec").path("tasks")) {
            if (task.equals(candidate.path("name").asText())) {
                return (ObjectNode) candidate;
            }
        }
        throw new AssertionError("no task " + task + " in " + pipeline);
    }

    private static ObjectNode param(JsonNode params, String name) {
        for (JsonNode param : params) {
            if (name.equals(param.path("name").asText())) {
                return (ObjectNode) param;
            }
        }
        throw new AssertionError("no param " + name + " in " + params);
    }

    private static ObjectNode application(DeliveryPolicy.Objects o, String name) {
        return Delivery.named(o.applications(), "Application", name);
    }

    private static ObjectNode namespaceApplication(DeliveryPolicy.Objects o, String environment) {
        return Delivery.named(o.applications(), "Application", "ledger-namespace-" + environment);
    }

    private static ObjectNode syncPolicy(DeliveryPolicy.Objects o, String name) {
        return (ObjectNode) application(o, name).path("spec").path("syncPolicy");
    }

    private static ObjectNode project(DeliveryPolicy.Objects o, String name) {
        return (ObjectNode) Delivery.named(o.argocd(), "AppProject", name).path("spec");
    }

    private static void wave(DeliveryPolicy.Objects o, String application, String kind, String name, String wave) {
        ((ObjectNode) Delivery.named(o.deployed().get(application), kind, name)
                        .path("metadata")
                        .path("annotations"))
                .put(DeliveryPolicy.WAVE, wave);
    }

    private static void removeKind(ObjectNode project, String kind) {
        ArrayNode list = (ArrayNode) project.path("namespaceResourceWhitelist");
        for (int i = 0; i < list.size(); i++) {
            if (kind.equals(list.get(i).path("kind").asText())) {
                list.remove(i);
                return;
            }
        }
        throw new AssertionError("no " + kind + " in " + list);
    }
}
