package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring component's PrometheusRule: {@code promtool check rules} accepts it, every alert
 * links a section of docs/RUNBOOK.md that exists, and {@code promtool test rules} fires each alert
 * on series shaped like the services' /q/metrics (kube-state-metrics' for the jobs, HAProxy's for the
 * ACD proxy) and keeps it quiet on healthy ones.
 */
public class AlertRulesTest {

    public static final Path RULES = Path.of("components", "monitoring", "prometheus-rules.yaml");
    static final Path RUNBOOK = Path.of("..", "docs", "RUNBOOK.md");

    private static final String COMMAND = "namespace=\"ledger-prod\",pod=\"ledger-command-6c8f9d7b5-abcde\"";
    private static final String QUERY = "namespace=\"ledger-prod\",pod=\"ledger-query-7c9b8d6f5-x2k4p\"";
    private static final String QUERY_POD = "pod: ledger-query-7c9b8d6f5-x2k4p";
    private static final String COMMAND_POD = "pod: ledger-command-6c8f9d7b5-abcde";
    private static final String PAGE = "severity: page";
    private static final String TICKET = "severity: ticket";
    private static final String NAMESPACE = "namespace: ledger-prod";

    private static ObjectNode rule;

    /** One promtool case: an alert evaluated at a time over series, firing with labels or quiet ("" labels). */
    private record Case(String alert, String interval, String evalTime, List<String> series, String labels) {}

    @BeforeAll
    static void read() throws Exception {
        rule = Manifests.ofKind(Manifests.read(Files.readString(RULES)), "PrometheusRule")
                .get(0);
    }

    @Test
    void shouldPassPromtoolsCheck(@TempDir Path directory) throws Exception {
        String check = Promtool.run("check", "rules", writeRules(directory).toString());
        assertTrue(check.startsWith("exit 0") && check.contains("SUCCESS"), check);
    }

    @Test
    void shouldLinkEveryAlertToItsSectionOfTheRunbook() throws Exception {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^## (.+)$").matcher(Files.readString(RUNBOOK));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase().replace(' ', '-'));
        }
        for (JsonNode alert : alerts()) {
            String url = alert.path("annotations").path("runbook_url").asText();
            String anchor = url.substring(url.indexOf('#') + 1);
            assertTrue(
                    url.contains("/docs/RUNBOOK.md#") && anchors.contains(anchor),
                    alert.path("alert").asText() + " links " + url + ", not one of " + anchors);
            assertTrue(
                    Set.of("page", "ticket")
                            .contains(alert.path("labels").path("severity").asText()),
                    alert.path("alert").asText() + " has no severity page or ticket");
        }
    }

    @Test
    void shouldFireEachAlertOnItsCauseAndStayQuietOtherwise(@TempDir Path directory) throws Exception {
        List<Case> cases = cases();
        Set<String> firing = cases.stream()
                .filter(c -> !c.labels().isEmpty())
                .map(Case::alert)
                .collect(Collectors.toSet());
        Set<String> quiet = cases.stream()
                .filter(c -> c.labels().isEmpty())
                .map(Case::alert)
                .collect(Collectors.toSet());
        Set<String> all = new TreeSet<>();
        alerts().forEach(alert -> all.add(alert.path("alert").asText()));
        assertEquals(all, new TreeSet<>(firing), "every alert has a firing case");
        assertEquals(all, new TreeSet<>(quiet), "every alert has a quiet case");

        writeRules(directory);
        Map<String, JsonNode> annotations = new LinkedHashMap<>();
        alerts().forEach(alert -> annotations.put(alert.path("alert").asText(), alert.path("annotations")));
        // each case is evaluated at its series' own interval: the day-long cases, with a sample
        // every 15 minutes, take 105 evaluations each instead of the 1,561 that every minute would
        Map<String, List<Case>> byInterval =
                cases.stream().collect(Collectors.groupingBy(Case::interval, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Case>> group : byInterval.entrySet()) {
            String tests = promtoolTests(group.getKey(), group.getValue(), annotations);
            Path file = directory.resolve("alerts-every-" + group.getKey() + ".test.yaml");
            Files.writeString(file, tests);
            Promtool.testRules(file, tests);
        }
    }

    /** The cases as a {@code promtool test rules} file, the rules evaluated every {@code interval}. */
    private static String promtoolTests(String interval, List<Case> cases, Map<String, JsonNode> annotations) {
        // promtool evaluates groups in random order unless told: an alert evaluated before the
        // recording rules it reads would see their value from one interval back, which at 15
        // minutes is past the 5-minute lookback, and its for: would restart
        List<String> groups = new ArrayList<>();
        rule.path("spec")
                .path("groups")
                .forEach(group -> groups.add(group.path("name").asText()));
        StringBuilder tests = new StringBuilder("rule_files: [rules.yaml]\nevaluation_interval: " + interval
                + "\ngroup_eval_order: " + groups + "\ntests:\n");
        for (Case c : cases) {
            tests.append("  - interval: ").append(c.interval()).append("\n    input_series:\n");
            for (String series : c.series()) {
                int values = series.lastIndexOf(' ');
                tests.append("      - series: '")
                        .append(series, 0, values)
                        .append("'\n        values: '")
                        .append(series.substring(values + 1).replace('_', ' '))
                        .append("'\n");
            }
            tests.append("    alert_rule_test:\n      - eval_time: ")
                    .append(c.evalTime())
                    .append("\n        alertname: ")
                    .append(c.alert())
                    .append('\n');
            if (c.labels().isEmpty()) {
                tests.append("        exp_alerts: []\n");
            } else {
                tests.append("        exp_alerts:\n          - exp_labels: {")
                        .append(c.labels())
                        .append("}\n            exp_annotations:\n");
                annotations
                        .get(c.alert())
                        .properties()
                        .forEach(annotation -> tests.append("              ")
                                .append(annotation.getKey())
                                .append(": '")
                                .append(annotation.getValue().asText().replace("'", "''"))
                                .append("'\n"));
            }
        }
        return tests.toString();
    }

    /**
     * The cases. A series is written "name{labels} values", with promtool's expanding notation in
     * values ("0+98x90": from 0, 98 more each interval, 90 times) and "_" for spaces.
     */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // commands (POST) with 2 % failing, beside reads (GET) failing half the time: reads do not count
        List<String> failingCommands = List.of(
                command("POST", "201", "0+98x90"),
                command("POST", "500", "0+2x90"),
                command("GET", "500", "0+100x90"),
                command("GET", "200", "0+100x90"));
        List<String> healthyCommands = List.of(command("POST", "201", "0+1999x90"), command("POST", "500", "0+1x90"));
        cases.add(new Case("LedgerCommandAvailabilityBudgetBurnFast", "1m", "70m", failingCommands, PAGE));
        cases.add(new Case("LedgerCommandAvailabilityBudgetBurnFast", "1m", "70m", healthyCommands, ""));
        // 0.5 % failing for a day: the slow burn, a ticket, and no page
        List<String> slowlyFailing = List.of(command("POST", "201", "0+199x120"), command("POST", "500", "0+1x120"));
        cases.add(new Case("LedgerCommandAvailabilityBudgetBurnSlow", "15m", "26h", slowlyFailing, TICKET));
        cases.add(new Case("LedgerCommandAvailabilityBudgetBurnFast", "15m", "26h", slowlyFailing, ""));
        cases.add(new Case(
                "LedgerCommandAvailabilityBudgetBurnSlow",
                "15m",
                "26h",
                List.of(command("POST", "201", "0+1999x120"), command("POST", "500", "0+1x120")),
                ""));
        // 20 % of commands over 250 ms; then 0.2 %
        cases.add(new Case("LedgerCommandLatencyBudgetBurnFast", "1m", "70m", latency("0+100x90", "0+80x90"), PAGE));
        cases.add(new Case("LedgerCommandLatencyBudgetBurnFast", "1m", "70m", latency("0+1000x90", "0+998x90"), ""));
        cases.add(
                new Case("LedgerCommandLatencyBudgetBurnSlow", "15m", "26h", latency("0+100x120", "0+95x120"), TICKET));
        cases.add(new Case("LedgerCommandLatencyBudgetBurnSlow", "15m", "26h", latency("0+1000x120", "0+998x120"), ""));
        // the oldest outbox row ages a minute a minute (Kafka away); then the backlog drains at once
        cases.add(new Case(
                "LedgerOutboxBacklogOld",
                "1m",
                "5m",
                List.of("ledger_outbox_oldest_age_seconds{" + COMMAND + "} 0+60x10"),
                PAGE + ", " + NAMESPACE));
        cases.add(new Case(
                "LedgerOutboxBacklogOld",
                "1m",
                "5m",
                List.of("ledger_outbox_oldest_age_seconds{" + COMMAND + "} 0x10"),
                ""));
        // a partition's newest applied event ages while its records wait; an idle ledger (nothing
        // waiting) is no alarm, nor is one partition's wait while another, idle, has the old event
        cases.add(new Case(
                "LedgerProjectionLagging",
                "1m",
                "10m",
                List.of(projectionLag("0", "0+60x20"), projectionLag("1", "0x20"), consumerLag("0", "5x20")),
                PAGE + ", " + NAMESPACE + ", " + QUERY_POD + ", partition: 0"));
        cases.add(new Case(
                "LedgerProjectionLagging",
                "1m",
                "10m",
                List.of(projectionLag("0", "0+60x20"), consumerLag("0", "0x20")),
                ""));
        // one record stuck in its apply: the fetching paused, Kafka's records lag stays 0
        cases.add(new Case(
                "LedgerProjectionLagging",
                "1m",
                "10m",
                List.of(
                        projectionLag("0", "0+60x20"),
                        consumerLag("0", "0x20"),
                        "ledger_projection_records_in_flight{" + QUERY + ",partition=\"0\"} 1x20"),
                PAGE + ", " + NAMESPACE + ", " + QUERY_POD + ", partition: 0"));
        cases.add(new Case(
                "LedgerProjectionLagging",
                "1m",
                "10m",
                List.of(projectionLag("0", "0+60x20"), projectionLag("1", "0x20"), consumerLag("1", "5x20")),
                ""));
        cases.add(new Case(
                "LedgerConsumerLagHigh", "1m", "15m", List.of(consumerLag("2000x20")), TICKET + ", " + NAMESPACE));
        cases.add(new Case("LedgerConsumerLagHigh", "1m", "15m", List.of(consumerLag("10x20")), ""));
        cases.add(new Case(
                "LedgerDeadLetters",
                "1m",
                "5m",
                List.of("ledger_projection_dead_lettered_total{" + QUERY + "} 0_0_0_1_1_1_1"),
                TICKET + ", " + NAMESPACE));
        cases.add(new Case(
                "LedgerDeadLetters",
                "1m",
                "5m",
                List.of("ledger_projection_dead_lettered_total{" + QUERY + "} 0x6"),
                ""));
        cases.add(new Case(
                "LedgerReconcileFailed",
                "1m",
                "5m",
                List.of("kube_job_status_failed{namespace=\"ledger-prod\",job_name=\"ledger-jobs-reconcile-29012345\"}"
                        + " 0_0_1_1_1_1"),
                TICKET + ", " + NAMESPACE));
        cases.add(new Case(
                "LedgerReconcileFailed",
                "1m",
                "5m",
                List.of(
                        "kube_job_status_failed{namespace=\"ledger-prod\",job_name=\"ledger-jobs-reconcile-29012345\"} 0x6"),
                ""));
        // the last success stays at the start; then it follows the clock (a success every minute)
        cases.add(new Case(
                "LedgerReconcileNotRun", "1m", "150m", List.of(lastSuccess("0x180")), TICKET + ", " + NAMESPACE));
        cases.add(new Case("LedgerReconcileNotRun", "1m", "150m", List.of(lastSuccess("0+60x180")), ""));
        // 10 answers a second from the service, 1 a second of the proxy's own 503: 9 %
        cases.add(new Case(
                "LedgerProxyTurningAway",
                "1m",
                "15m",
                proxyAnswers("0+600x20", "0+60x20", "0x20"),
                PAGE + ", " + NAMESPACE + ", " + COMMAND_POD));
        // the same 5xx, but sent by the service: its own metrics and the SLO alerts see those
        cases.add(new Case("LedgerProxyTurningAway", "1m", "15m", proxyAnswers("0+600x20", "0+60x20", "0+60x20"), ""));
        return cases;
    }

    /**
     * The acd-proxy's counters of its backend {@code app} in the command pod, as HAProxy's exporter
     * names them: the backend's 2xx and 5xx, and the 5xx its server (the service) sent.
     */
    private static List<String> proxyAnswers(String backend2xx, String backend5xx, String server5xx) {
        String backend = "haproxy_backend_http_responses_total{" + COMMAND + ",proxy=\"app\",code=";
        return List.of(
                backend + "\"2xx\"} " + backend2xx,
                backend + "\"5xx\"} " + backend5xx,
                "haproxy_server_http_responses_total{" + COMMAND + ",proxy=\"app\",server=\"app\",code=\"5xx\"} "
                        + server5xx);
    }

    private static String command(String method, String status, String values) {
        return "http_server_requests_seconds_count{" + COMMAND + ",method=\"" + method + "\",status=\"" + status
                + "\",uri=\"/accounts\"} " + values;
    }

    /** Commands counted in all, and those within 250 ms (the le="0.25" bucket). */
    private static List<String> latency(String all, String fast) {
        return List.of(
                command("POST", "201", all),
                "http_server_requests_seconds_bucket{" + COMMAND
                        + ",method=\"POST\",status=\"201\",uri=\"/accounts\",le=\"0.25\"} " + fast);
    }

    private static String consumerLag(String values) {
        return consumerLag("0", values);
    }

    private static String consumerLag(String partition, String values) {
        return "kafka_consumer_fetch_manager_records_lag{" + QUERY + ",topic=\"ledger.account-events\",partition=\""
                + partition + "\"} " + values;
    }

    private static String projectionLag(String partition, String values) {
        return "ledger_projection_lag_seconds{" + QUERY + ",partition=\"" + partition + "\"} " + values;
    }

    private static String lastSuccess(String values) {
        return "kube_cronjob_status_last_successful_time{namespace=\"ledger-prod\",cronjob=\"ledger-jobs-reconcile\"} "
                + values;
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode entry : group.path("rules")) {
                if (entry.has("alert")) {
                    alerts.add(entry);
                }
            }
        }
        return alerts;
    }

    /** The PrometheusRule's groups as a plain rules file, rules.yaml in {@code directory}. */
    private static Path writeRules(Path directory) throws Exception {
        ObjectNode file = Manifests.YAML.createObjectNode();
        file.set("groups", rule.path("spec").path("groups"));
        Path rules = directory.resolve("rules.yaml");
        Files.writeString(rules, Manifests.YAML.writeValueAsString(file));
        return rules;
    }
}
