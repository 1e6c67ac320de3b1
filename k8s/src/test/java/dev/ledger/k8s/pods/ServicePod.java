package dev.ledger.k8s.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One played service: its container, the host port it listens on (adaptation 4) and its pod
 * template as played, from which the probes' paths and the security settings are read.
 *
 * @param container the container's id
 * @param port      the HTTP port on the host's network
 * @param template  the Deployment's pod template, as played
 */
record ServicePod(String container, int port, JsonNode template) {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    JsonNode containerSpec() {
        return template.path("spec").path("containers").path(0);
    }

    /** The {@code httpGet.path} of {@code startupProbe}, {@code livenessProbe} or {@code readinessProbe}. */
    String probePath(String probe) {
        String path = containerSpec().path(probe).path("httpGet").path("path").asText();
        if (path.isEmpty()) {
            throw new AssertionError(probe + " has no httpGet path in the manifest of " + container);
        }
        return path;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    int status(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    HttpRequest postJson(String path, Object body) throws IOException {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    /** POSTs {@code body} as JSON and returns the answer's JSON, failing unless its status is {@code expected}. */
    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(postJson(path, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ", not " + expected + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Polls the readiness probe's path as the kubelet would, until it answers 200; fails at once
     * with the container's log if the container stops, and after {@code max} otherwise.
     */
    Duration awaitReady(Duration max) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + max.toNanos();
        String path = probePath("readinessProbe");
        while (true) {
            try {
                if (status(path) == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (ConnectException notListeningYet) {
                // the JVM is still starting
            }
            if (!"true".equals(Podman.ok("inspect", "--format", "{{.State.Running}}", container))
                    || System.nanoTime() > deadline) {
                throw new AssertionError(container + " did not become ready on " + path + " within " + max
                        + "; its log:\n" + Podman.logs(container));
            }
            Thread.sleep(200);
        }
    }
}
