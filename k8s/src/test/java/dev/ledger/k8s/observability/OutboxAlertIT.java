package dev.ledger.k8s.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.Commands;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.StackSettings;
import dev.ledger.k8s.AlertRulesTest;
import dev.ledger.k8s.Manifests;
import dev.ledger.k8s.prometheus.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox alert, live: a real Prometheus scrapes a running command-service and evaluates the
 * monitoring component's LedgerOutboxBacklogOld; Kafka is stopped while a command is taken, the
 * alert fires, Kafka returns, the relay publishes and the alert resolves. The rule is loaded with
 * its threshold and {@code for:} shortened (60 s to 3 s, 2 m to 5 s) so the test takes seconds, not
 * minutes; AlertRulesTest checks the real figures with promtool. It runs beside other classes: its
 * Kafka comes back on the port it stopped on, which FreePorts never hands out again in this JVM.
 */
class OutboxAlertIT {

    private static final String ALERT = "LedgerOutboxBacklogOld";

    @Test
    void shouldFireWhileKafkaIsAwayAndResolveOnceTheRelayCaughtUp() throws Exception {
        Path target = Files.createDirectories(Path.of("target"));
        try (LocalStack stack =
                        LocalStack.start(StackSettings.forTests(Files.createTempDirectory(target, "alert-devstack-")));
                ServiceProcess command = ServiceProcess.start(
                        Path.of(System.getProperty("ledger.repository", "..")).resolve("command-service"),
                        "command",
                        stack,
                        Map.of("ledger.outbox.poll-interval", "1s"));
                PrometheusServer prometheus = PrometheusServer.start(
                        Files.createTempDirectory(target, "prometheus-"),
                        List.of(new PrometheusServer.Target(
                                "127.0.0.1:" + command.uri("/").getPort(),
                                Map.of("namespace", "ledger-test", "pod", "ledger-command-6c8f9d7b5-abcde"))),
                        outboxRuleShortened())) {
            String account = open(command);
            assertEquals("inactive", prometheus.alertState(ALERT));

            stack.kafka().stop();
            try {
                Commands.post(command, "/accounts/" + account + "/deposits", "{\"amount\":5}", 200);
                awaitState(prometheus, "firing", Duration.ofSeconds(90));
            } finally {
                stack.kafka().start();
            }
            awaitState(prometheus, "inactive", Duration.ofSeconds(120));
        }
    }

    /** LedgerOutboxBacklogOld as a rules file, over 3 s for 5 s instead of 60 s for 2 minutes. */
    private static String outboxRuleShortened() throws Exception {
        ObjectNode rule = Manifests.ofKind(Manifests.read(Files.readString(AlertRulesTest.RULES)), "PrometheusRule")
                .get(0);
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode entry : group.path("rules")) {
                if (ALERT.equals(entry.path("alert").asText())) {
                    ObjectNode alert = entry.deepCopy();
                    String expression = alert.path("expr").asText();
                    if (!expression.endsWith("> 60")) {
                        throw new AssertionError("the outbox alert's threshold moved: " + expression);
                    }
                    alert.put("expr", expression.replace("> 60", "> 3"));
                    alert.put("for", "5s");
                    ObjectNode file = Manifests.YAML.createObjectNode();
                    ArrayNode groups = file.putArray("groups");
                    groups.addObject().put("name", "outbox").putArray("rules").add(alert);
                    return Manifests.YAML.writeValueAsString(file);
                }
            }
        }
        throw new AssertionError("no alert " + ALERT);
    }

    private static void awaitState(PrometheusServer prometheus, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen;
        while (!(seen = prometheus.alertState(ALERT)).equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(ALERT + " is " + seen + ", not " + state + ", after " + timeout);
            }
            Thread.sleep(500);
        }
        System.out.println("alerts: " + ALERT + " " + state);
    }

    private static String open(ServiceProcess command) throws Exception {
        return Commands.post(command, "/accounts", "{\"owner\":\"alert\",\"currency\":\"EUR\"}", 201)
                .path("id")
                .asText();
    }
}
