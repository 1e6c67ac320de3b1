package dev.ledger.k8s.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.StackSettings;
import dev.ledger.k8s.Closing;
import dev.ledger.k8s.Manifests;
import dev.ledger.k8s.prometheus.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The release analysis, live: a real Prometheus scrapes two running query-service processes, a
 * healthy "primary" and a "canary", labelled as Kubernetes would label their pods. Each of the prod
 * Canary's MetricTemplate queries is rendered as Flagger renders it and evaluated through
 * Prometheus's HTTP API, and the Canary's thresholdRanges decide: no traffic rolls back, a healthy
 * canary is promoted, a canary failing a fifth of its requests (its fault switch) rolls back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseAnalysisIT {

    private static final String NAMESPACE = "ledger-test";
    /**
     * The window the queries are rendered with, as Flagger renders the Canary's interval. Prometheus
     * scrapes every second here, so 5 s holds five samples of each series: enough for rate(), and a
     * third of the wait the prod interval would cost.
     */
    private static final String INTERVAL = "5s";

    private static final double INTERVAL_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalStack stack;
    private static ServiceProcess command;
    private static ServiceProcess primary;
    private static ServiceProcess canary;
    private static PrometheusServer prometheus;
    private static CanaryAnalysis analysis;
    private static String account;

    @BeforeAll
    static void start() throws Exception {
        ObjectNode canaryResource = Manifests.find(Manifests.overlay("prod"), "Canary", "ledger-query")
                .orElseThrow(() -> new AssertionError("the prod overlay has no Canary ledger-query"));
        analysis = CanaryAnalysis.of(canaryResource);
        Path target = Files.createDirectories(Path.of("target"));
        stack = LocalStack.start(StackSettings.forTests(Files.createTempDirectory(target, "release-devstack-")));
        Path repository = Path.of(System.getProperty("ledger.repository", ".."));
        Map<String, String> faultSwitch = Map.of("ledger.fault-switch.enabled", "true");
        command = ServiceProcess.start(repository.resolve("command-service"), "command", stack, Map.of());
        primary = ServiceProcess.start(repository.resolve("query-service"), "query", stack, faultSwitch);
        canary = ServiceProcess.start(repository.resolve("query-service"), "query", stack, faultSwitch);
        prometheus = PrometheusServer.start(
                Files.createTempDirectory(target, "prometheus-"),
                List.of(
                        target(primary, "ledger-query-primary-5d4f7c9b8-q8w2m"),
                        target(canary, "ledger-query-7c9b8d6f5-x2k4p")));
    }

    @AfterAll
    static void stop() {
        Closing.all("release analysis", prometheus, canary, primary, command, stack);
    }

    @Test
    @Order(1)
    void shouldRollBackACanaryThatGotNoTraffic() throws Exception {
        double scraped = awaitScrapesAfter(prometheus.lastScrape());
        Map<String, Optional<Double>> values = evaluate("ledger-query", scraped);
        values.values().forEach(value -> assertTrue(value.isEmpty(), "a value without traffic: " + values));
        assertEquals(CanaryAnalysis.Verdict.ROLL_BACK, analysis.verdict(values));
    }

    @Test
    @Order(2)
    void shouldPromoteAHealthyCanary() throws Exception {
        openAccountSeenByBoth();
        double scraped = underLoad(prometheus.lastScrape());
        Map<String, Optional<Double>> values = evaluate("ledger-query", scraped);
        assertEquals(CanaryAnalysis.Verdict.PROMOTE, analysis.verdict(values), values.toString());
    }

    @Test
    @Order(3)
    void shouldRollBackACanaryThatFailsAShareOfItsRequests() throws Exception {
        send(Callers.adminRequest(canary.uri("/admin/fault?share=0.2")).PUT(HttpRequest.BodyPublishers.noBody()));
        double scraped = underLoad(prometheus.lastScrape());
        Map<String, Optional<Double>> values = evaluate("ledger-query", scraped);
        assertEquals(CanaryAnalysis.Verdict.ROLL_BACK, analysis.verdict(values), values.toString());
        double successRate = values.get(metricOf("ledger-success-rate")).orElseThrow();
        assertEquals(80, successRate, 5, "a fifth of the canary's requests fail");
        // the same queries about the primary's pods: they stay healthy
        Map<String, Optional<Double>> primaryValues = evaluate("ledger-query-primary", scraped);
        assertEquals(CanaryAnalysis.Verdict.PROMOTE, analysis.verdict(primaryValues), primaryValues.toString());
    }

    /** Every metric of the Canary, its query rendered for {@code target} and evaluated at {@code time}. */
    private static Map<String, Optional<Double>> evaluate(String target, double time) throws Exception {
        Map<String, String> templates = FlaggerQuery.templates();
        Map<String, Optional<Double>> values = new LinkedHashMap<>();
        for (CanaryAnalysis.Metric metric : analysis.metrics()) {
            String query = templates.get(metric.template());
            if (query == null) {
                throw new AssertionError("no MetricTemplate " + metric.template());
            }
            values.put(metric.name(), prometheus.value(FlaggerQuery.render(query, NAMESPACE, target, INTERVAL), time));
        }
        System.out.printf("release analysis: %s at %.0f: %s%n", target, time, values);
        return values;
    }

    private static String metricOf(String template) {
        return analysis.metrics().stream()
                .filter(metric -> metric.template().equals(template))
                .findFirst()
                .orElseThrow()
                .name();
    }

    /**
     * Reads from both services without pause, half of them with X-Min-Version, until Prometheus has
     * scraped a whole interval's worth after {@code since}; returns the time of that scrape.
     */
    private static double underLoad(double since) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ServiceProcess service : List.of(primary, canary)) {
                for (int worker = 0; worker < 2; worker++) {
                    workers.add(executor.submit(() -> {
                        while (running.get()) {
                            HttpRequest.Builder read = Callers.adminRequest(service.uri("/accounts/" + account));
                            if (sent.incrementAndGet() % 2 == 0) {
                                read.header("X-Min-Version", "1");
                            }
                            send(read);
                        }
                        return null;
                    }));
                }
            }
            double scraped = awaitScrapesAfter(since + INTERVAL_SECONDS);
            running.set(false);
            for (var worker : workers) {
                worker.get();
            }
            return scraped;
        }
    }

    /** Waits until both targets have been scraped after {@code time}, twice; returns the newest scrape. */
    private static double awaitScrapesAfter(double time) throws Exception {
        double scraped;
        while ((scraped = prometheus.lastScrape()) < time + 2) {
            Thread.sleep(250);
        }
        return scraped;
    }

    private static void openAccountSeenByBoth() throws Exception {
        HttpResponse<String> opened = send(Callers.adminRequest(command.uri("/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\":\"release\",\"currency\":\"EUR\"}")));
        assertEquals(201, opened.statusCode(), opened.body());
        account = JSON.readTree(opened.body()).path("id").asText();
        for (ServiceProcess service : List.of(primary, canary)) {
            HttpResponse<String> seen = send(
                    Callers.adminRequest(service.uri("/accounts/" + account)).header("X-Min-Version", "1"));
            assertEquals(200, seen.statusCode(), seen.body());
        }
    }

    private static PrometheusServer.Target target(ServiceProcess service, String pod) {
        URI uri = service.uri("/");
        return new PrometheusServer.Target(
                uri.getHost() + ":" + uri.getPort(), Map.of("namespace", NAMESPACE, "pod", pod));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
