package dev.ledger.k8s.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.k8s.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every MetricTemplate query, rendered as Flagger renders it, through {@code promtool test rules}
 * (Debian package {@code prometheus}) against series shaped like the query service's /q/metrics as
 * Prometheus scrapes it in Kubernetes (namespace and pod labels): a healthy canary, a failing one,
 * and one that got no traffic, each beside a failing primary whose series must not count.
 */
class MetricTemplatePromtoolTest {

    private static final String NAMESPACE = "ledger-prod";
    private static final String CANARY_POD = "ledger-query-7c9b8d6f5-x2k4p";
    private static final String PRIMARY_POD = "ledger-query-primary-5d4f7c9b8-q8w2m";
    private static final int MINUTES = 10;

    @Test
    void shouldJudgeHealthyFailingAndIdleCanariesByEveryTemplate(@TempDir Path directory) throws Exception {
        Map<String, String> templates = FlaggerQuery.templates();
        assertEquals(
                List.of("ledger-success-rate", "ledger-latency-p99", "ledger-not-yet-visible"),
                List.copyOf(templates.keySet()));
        StringBuilder tests = new StringBuilder("rule_files: []\nevaluation_interval: 1m\ntests:\n");
        tests.append(scenario(
                "healthy canary",
                // per 15 s: 60 answers 200, none 500; 30 under 5 ms, 50 under 10 ms, all under 25 ms;
                // 20 reads with X-Min-Version, all visible
                traffic(CANARY_POD, 60, 0, new int[] {30, 50, 60, 60}, 20, 0),
                Map.of(
                        "ledger-success-rate", "100",
                        // 99% of 60 is 59.4: 94% of the way through the 10..25 ms bucket's 10
                        "ledger-latency-p99", "24.1",
                        "ledger-not-yet-visible", "0"),
                templates));
        tests.append(scenario(
                "failing canary",
                // 45 answer 200, 15 answer 500; only 30 under 25 ms, the rest under 2.5 s;
                // 18 reads visible, 2 not yet
                traffic(CANARY_POD, 45, 15, new int[] {0, 0, 30, 60}, 18, 2),
                Map.of(
                        "ledger-success-rate", "75",
                        // 99% of 60 is 59.4: 98% of the way through the 25..2500 ms bucket's 30
                        "ledger-latency-p99", "2450.5",
                        "ledger-not-yet-visible", "10"),
                templates));
        tests.append(scenario(
                "canary without traffic",
                traffic(CANARY_POD, 0, 0, new int[] {0, 0, 0, 0}, 0, 0),
                Map.of("ledger-success-rate", "", "ledger-latency-p99", "", "ledger-not-yet-visible", ""),
                templates));
        Path file = directory.resolve("metric-templates.test.yaml");
        Files.writeString(file, tests);
        Promtool.testRules(file, tests.toString());
    }

    /**
     * One promtool test: the canary's series as given, a primary failing all its requests beside it,
     * health checks answering 503 (not API requests), and each template's expected value ("" for
     * an empty result).
     */
    private static String scenario(
            String name, List<String> canary, Map<String, String> expected, Map<String, String> templates) {
        List<String> series = new ArrayList<>(canary);
        series.addAll(traffic(PRIMARY_POD, 0, 60, new int[] {0, 0, 0, 60}, 20, 20));
        series.add(counter(CANARY_POD, "http_server_requests_seconds_count", "GET", "503", "/q/health/ready", 4));
        StringBuilder test = new StringBuilder("  - name: " + name + "\n    interval: 15s\n    input_series:\n");
        for (String line : series) {
            test.append(line);
        }
        test.append("    promql_expr_test:\n");
        templates.forEach((template, query) -> {
            String rendered = FlaggerQuery.render(query, NAMESPACE, "ledger-query", "1m");
            test.append("      - expr: |\n");
            rendered.lines()
                    .forEach(line -> test.append("          ").append(line).append('\n'));
            test.append("        eval_time: ").append(MINUTES).append("m\n");
            String value = expected.get(template);
            if (value.isEmpty()) {
                test.append("        exp_samples: []\n");
            } else {
                test.append("        exp_samples:\n          - labels: '{}'\n            value: ")
                        .append(value)
                        .append('\n');
            }
        });
        return test.toString();
    }

    /**
     * A pod's series per 15 s: {@code ok} answers 200 and {@code failed} 500 on /accounts/{id};
     * cumulative bucket counts for le 5 ms, 10 ms, 25 ms and 2.5 s (+Inf equals the last);
     * read-your-writes reads visible and not yet visible.
     */
    private static List<String> traffic(String pod, int ok, int failed, int[] buckets, int visible, int notYet) {
        List<String> series = new ArrayList<>();
        series.add(counter(pod, "http_server_requests_seconds_count", "GET", "200", "/accounts/{id}", ok));
        series.add(counter(pod, "http_server_requests_seconds_count", "GET", "500", "/accounts/{id}", failed));
        String[] bounds = {"0.005", "0.01", "0.025", "2.5"};
        for (int i = 0; i < bounds.length; i++) {
            series.add(bucket(pod, bounds[i], buckets[i]));
        }
        series.add(bucket(pod, "+Inf", buckets[bounds.length - 1]));
        series.add(seriesLine(
                "ledger_read_your_writes_total{namespace=\"" + NAMESPACE + "\",pod=\"" + pod
                        + "\",outcome=\"visible\"}",
                visible));
        series.add(seriesLine(
                "ledger_read_your_writes_total{namespace=\"" + NAMESPACE + "\",pod=\"" + pod
                        + "\",outcome=\"not_yet_visible\"}",
                notYet));
        return series;
    }

    private static String counter(String pod, String name, String method, String status, String uri, int step) {
        return seriesLine(
                name + "{namespace=\"" + NAMESPACE + "\",pod=\"" + pod + "\",method=\"" + method
                        + "\",outcome=\"" + (status.startsWith("5") ? "SERVER_ERROR" : "SUCCESS") + "\",status=\""
                        + status + "\",uri=\"" + uri + "\"}",
                step);
    }

    private static String bucket(String pod, String le, int step) {
        // the buckets count every answer of the route, whatever its status, as Micrometer's do
        return seriesLine(
                "http_server_requests_seconds_bucket{namespace=\"" + NAMESPACE + "\",pod=\"" + pod
                        + "\",method=\"GET\",uri=\"/accounts/{id}\",le=\"" + le + "\"}",
                step);
    }

    /** A counter growing by {@code step} every 15 s for the whole test. */
    private static String seriesLine(String series, int step) {
        return "      - series: '" + series + "'\n        values: '0+" + step + "x" + (MINUTES * 4 + 4) + "'\n";
    }
}
