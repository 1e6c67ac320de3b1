package dev.ledger.k8s.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.Commands;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.StackSettings;
import dev.ledger.k8s.prometheus.PrometheusServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard against live data: a real Prometheus scrapes both services, labelled as
 * Kubernetes would label their pods, while the test sends commands (some refused) and reads. Every
 * panel's every query, with Grafana's variables filled in, must parse and return data. The data of
 * each panel over the test's minutes is written to {@code target/dashboard/ledger-data.json}, for
 * {@code tools/dashboard/render.sh} to draw.
 */
class DashboardIT {

    static final Path DASHBOARD = Path.of("components", "monitoring", "dashboards", "ledger.json");
    private static final String NAMESPACE = "ledger-test";
    /** What Grafana puts in place of its variables: the test's namespace, windows fit for a 1 s scrape. */
    private static final Map<String, String> VARIABLES =
            Map.of("$namespace", NAMESPACE, "$__rate_interval", "10s", "$__range", "5m");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    @Test
    void shouldDrawEveryPanelFromTheServicesMetrics() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (!panel.path("type").asText().equals("row")) {
                panels.add(panel);
            }
        });
        for (JsonNode panel : panels) {
            assertEquals(
                    "${datasource}",
                    panel.path("datasource").path("uid").asText(),
                    panel.path("title").asText());
            for (JsonNode target : panel.path("targets")) {
                assertTrue(
                        target.path("expr").asText().contains("namespace=\"$namespace\""),
                        "each query keeps to the chosen namespace: " + target.path("expr"));
            }
        }

        Path target = Files.createDirectories(Path.of("target"));
        Path repository = Path.of(System.getProperty("ledger.repository", ".."));
        try (LocalStack stack = LocalStack.start(
                        StackSettings.forTests(Files.createTempDirectory(target, "dashboard-devstack-")));
                ServiceProcess command =
                        ServiceProcess.start(repository.resolve("command-service"), "command", stack, Map.of());
                ServiceProcess query =
                        ServiceProcess.start(repository.resolve("query-service"), "query", stack, Map.of());
                PrometheusServer prometheus = PrometheusServer.start(
                        Files.createTempDirectory(target, "prometheus-"),
                        List.of(
                                target(command, "ledger-command-6c8f9d7b5-abcde"),
                                target(query, "ledger-query-7c9b8d6f5-x2k4p")))) {
            double start = System.currentTimeMillis() / 1000.0;
            List<String> empty = List.of("(not evaluated yet)");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!empty.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("panels without data after 2 minutes of traffic: " + empty);
                }
                trafficRound(command, query);
                empty = withoutData(prometheus, panels);
            }
            writeData(prometheus, dashboard, panels, start, System.currentTimeMillis() / 1000.0);
        }
    }

    /** The queries that return nothing now; every query Prometheus refuses fails the test at once. */
    private static List<String> withoutData(PrometheusServer prometheus, List<JsonNode> panels) throws Exception {
        double now = prometheus.lastScrape();
        List<String> empty = new ArrayList<>();
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (prometheus.series(render(target.path("expr").asText()), now).isEmpty()) {
                    empty.add(panel.path("title").asText() + " / "
                            + target.path("refId").asText());
                }
            }
        }
        return empty;
    }

    /** Commands that succeed and commands refused for two reasons, then reads that wait for them. */
    private static void trafficRound(ServiceProcess command, ServiceProcess query) throws Exception {
        String alice = Commands.post(command, "/accounts", "{\"owner\":\"alice\",\"currency\":\"EUR\"}", 201)
                .path("id")
                .asText();
        String bob = Commands.post(command, "/accounts", "{\"owner\":\"bob\",\"currency\":\"EUR\"}", 201)
                .path("id")
                .asText();
        Commands.post(command, "/accounts/" + alice + "/deposits", "{\"amount\":500}", 200);
        JsonNode transfer = Commands.post(
                command, "/transfers", "{\"from\":\"" + alice + "\",\"to\":\"" + bob + "\",\"amount\":200}", 201);
        Commands.post(
                command, "/transfers", "{\"from\":\"" + alice + "\",\"to\":\"" + bob + "\",\"amount\":99999}", 409);
        Commands.post(command, "/transfers", "{\"from\":\"" + alice + "\",\"to\":\"" + alice + "\",\"amount\":1}", 400);
        HttpResponse<String> read = HTTP.send(
                Callers.adminRequest(query.uri("/accounts/" + alice))
                        .header("X-Min-Version", transfer.at("/from/version").asText())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
    }

    /** Each panel's series over the test, as the dashboard would draw them, for tools/dashboard/render.sh. */
    private static void writeData(
            PrometheusServer prometheus, JsonNode dashboard, List<JsonNode> panels, double start, double end)
            throws Exception {
        ObjectNode data = JSON.createObjectNode()
                .put("title", dashboard.path("title").asText())
                .put("start", start)
                .put("end", end);
        ArrayNode drawn = data.putArray("panels");
        for (JsonNode panel : panels) {
            ObjectNode out = drawn.addObject()
                    .put("title", panel.path("title").asText())
                    .put(
                            "unit",
                            panel.path("fieldConfig")
                                    .path("defaults")
                                    .path("unit")
                                    .asText());
            out.set("gridPos", panel.path("gridPos"));
            ArrayNode series = out.putArray("series");
            for (JsonNode target : panel.path("targets")) {
                for (JsonNode result :
                        prometheus.range(render(target.path("expr").asText()), start, end, 1)) {
                    ObjectNode line = series.addObject()
                            .put("legend", legend(target.path("legendFormat").asText(), result.path("metric")));
                    line.set("values", result.path("values"));
                }
            }
        }
        Path file = Files.createDirectories(Path.of("target", "dashboard")).resolve("ledger-data.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), data);
        System.out.println("dashboard: the panels' data in " + file.toAbsolutePath());
    }

    static String render(String expr) {
        String rendered = expr;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            rendered = rendered.replace(variable.getKey(), variable.getValue());
        }
        return rendered;
    }

    private static String legend(String format, JsonNode labels) {
        Matcher label = LEGEND_LABEL.matcher(format);
        StringBuilder legend = new StringBuilder();
        while (label.find()) {
            label.appendReplacement(
                    legend, Matcher.quoteReplacement(labels.path(label.group(1)).asText()));
        }
        return label.appendTail(legend).toString();
    }

    private static PrometheusServer.Target target(ServiceProcess service, String pod) {
        return new PrometheusServer.Target(
                "127.0.0.1:" + service.uri("/").getPort(), Map.of("namespace", NAMESPACE, "pod", pod));
    }
}
