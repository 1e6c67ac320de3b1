package dev.ledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Rule {@code read-only-jobs}, over rendered manifests: the jobs that only read (reconcile, report)
 * log in to both databases with the read-only logins, user and password from the Secrets
 * {@code ledger-command-db-reader} and {@code ledger-query-db-reader}; and where the operator runs a
 * database (a CloudNativePG {@code Cluster}), it keeps that login as a managed role whose password
 * is that Secret's.
 */
final class ReadOnlyJobsPolicy {

    private static final Set<String> READ_ONLY_JOBS = Set.of("reconcile", "report");
    private static final List<String> DATABASES = List.of("command", "query");

    private ReadOnlyJobsPolicy() {}

    static void violations(List<ObjectNode> objects, List<String> found) {
        for (ObjectNode cronJob : Manifests.ofKind(objects, "CronJob")) {
            JsonNode pod = cronJob.at("/spec/jobTemplate/spec/template");
            String job = pod.path("metadata")
                    .path("labels")
                    .path("app.kubernetes.io/component")
                    .asText();
            if (!READ_ONLY_JOBS.contains(job)) {
                continue;
            }
            JsonNode container = pod.path("spec").path("containers").path(0);
            for (String database : DATABASES) {
                String prefix = database.toUpperCase() + "_DB_";
                for (String variable : List.of(prefix + "USER", prefix + "PASSWORD")) {
                    String secret = Manifests.elements(container.path("env"))
                            .filter(env -> variable.equals(env.path("name").asText()))
                            .map(env -> env.path("valueFrom")
                                    .path("secretKeyRef")
                                    .path("name")
                                    .asText())
                            .findFirst()
                            .orElse("");
                    if (!secret.equals(readerSecret(database))) {
                        found.add("read-only-jobs: " + Manifests.id(cronJob) + ": " + variable + " must come from "
                                + readerSecret(database) + ", not " + (secret.isEmpty() ? "elsewhere" : secret));
                    }
                }
            }
        }
        for (String database : DATABASES) {
            Manifests.find(objects, "Cluster", "ledger-" + database + "-db").ifPresent(cluster -> {
                boolean managed = Manifests.elements(cluster.at("/spec/managed/roles"))
                        .anyMatch(role -> role.path("login").asBoolean(false)
                                && readerSecret(database)
                                        .equals(role.path("passwordSecret")
                                                .path("name")
                                                .asText()));
                if (!managed) {
                    found.add("read-only-jobs: " + Manifests.id(cluster) + " keeps no login role with the password of "
                            + readerSecret(database));
                }
            });
        }
    }

    private static String readerSecret(String database) {
        return "ledger-" + database + "-db-reader";
    }
}
