package dev.ledger.k8s.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.devstack.ChildProcess;
import dev.ledger.devstack.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus (Debian package {@code prometheus}) on a free port, scraping the given targets
 * every second with the labels Kubernetes service discovery would give them (namespace, pod).
 * {@link #close()} stops it, and so does a shutdown hook if a test run ends early ({@link ChildProcess}).
 */
public final class PrometheusServer implements AutoCloseable {

    /** One scrape target: host:port and the labels its series get. */
    public record Target(String address, Map<String, String> labels) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ChildProcess process;
    private final int port;

    private PrometheusServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static PrometheusServer start(Path directory, List<Target> targets)
            throws IOException, InterruptedException {
        return start(directory, targets, null);
    }

    /**
     * Starts Prometheus scraping {@code targets}; with {@code rules} (a rules file's text, or null),
     * it also evaluates them every second.
     */
    public static PrometheusServer start(Path directory, List<Target> targets, String rules)
            throws IOException, InterruptedException {
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: ledger\n    metrics_path: /q/metrics\n    static_configs:\n");
        for (Target target : targets) {
            config.append("      - targets: ['").append(target.address()).append("']\n        labels:\n");
            target.labels()
                    .forEach((name, value) -> config.append("          ")
                            .append(name)
                            .append(": '")
                            .append(value)
                            .append("'\n"));
        }
        Files.createDirectories(directory);
        if (rules != null) {
            Files.writeString(directory.resolve("rules.yml"), rules);
            config.append("rule_files: [rules.yml]\n");
        }
        Path file = directory.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = FreePorts.any();
        ProcessBuilder command = new ProcessBuilder(
                "prometheus",
                "--config.file=" + file,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port);
        ChildProcess process;
        try {
            process = ChildProcess.start(command, directory.resolve("prometheus.log"));
        } catch (IOException e) {
            throw new AssertionError("Prometheus is needed: apt-get install prometheus", e);
        }
        PrometheusServer prometheus = new PrometheusServer(process, port);
        process.awaitOk(URI.create("http://127.0.0.1:" + port + "/-/ready"), Duration.ofSeconds(60));
        prometheus.awaitTargetsUp(targets.size(), Duration.ofSeconds(60));
        return prometheus;
    }

    /** The query's single value at {@code time} (seconds since the epoch), empty when its result is empty. */
    public Optional<Double> value(String query, double time) throws IOException, InterruptedException {
        JsonNode result = series(query, time);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        if (result.size() > 1) {
            throw new AssertionError("more than one series for " + query + ": " + result);
        }
        return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** Every series the query gives at {@code time}: Prometheus's {@code data.result}; fails on a refused query. */
    public JsonNode series(String query, double time) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + time, query);
    }

    /** The query over a time range, a point every {@code step} seconds: {@code data.result} of a range query. */
    public JsonNode range(String query, double start, double end, double step)
            throws IOException, InterruptedException {
        return api(
                "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + start
                        + "&end=" + end + "&step=" + step,
                query);
    }

    private JsonNode api(String pathAndQuery, String query) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus refused the query " + query + ": " + answer.body());
        }
        return body.path("data").path("result");
    }

    /** The time of the newest sample scraped from every target, in seconds since the epoch. */
    public double lastScrape() throws IOException, InterruptedException {
        return value("min(timestamp(up))", System.currentTimeMillis() / 1000.0)
                .orElseThrow(() -> new AssertionError("Prometheus has scraped nothing yet"));
    }

    /** Waits until every target has been scraped successfully once. */
    private void awaitTargetsUp(int targets, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value("count(up == 1)", System.currentTimeMillis() / 1000.0).orElse(0.0) < targets) {
            if (System.nanoTime() > deadline) {
                close();
                throw new AssertionError("Prometheus did not scrape every target within " + timeout + ":\n"
                        + Files.readString(process.log()));
            }
            Thread.sleep(200);
        }
    }

    /** The state of the named alert: "inactive", "pending" or "firing". */
    public String alertState(String alert) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String state = "inactive";
        for (JsonNode active : JSON.readTree(answer.body()).path("data").path("alerts")) {
            if (alert.equals(active.path("labels").path("alertname").asText())) {
                state = active.path("state").asText();
            }
        }
        return state;
    }

    @Override
    public void close() {
        process.close();
    }
}
