package dev.ledger.k8s.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.devstack.Callers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One played service: its container, the host ports it and its proxy listen on (adaptation 4) and
 * its pod template as played, from which the probes and the security settings are read. API
 * requests go through the proxy's cluster-internal port, as other pods' would.
 *
 * @param container the service container's id
 * @param ports     the service's and its proxy's ports on the host's network
 * @param template  the Deployment's pod template, as played
 */
record ServicePod(String container, PodPorts ports, JsonNode template) {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    /** The API through the proxy's cluster-internal port. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ports.internal() + path);
    }

    /** The proxy's operations port: health, metrics and the fault switch. */
    URI opsUri(String path) {
        return URI.create("http://127.0.0.1:" + ports.ops() + path);
    }

    /** A probe's URI as the kubelet would call it, from the manifest as played. */
    URI probeUri(String probe) {
        JsonNode httpGet = containerSpec().path(probe).path("httpGet");
        return URI.create("http://127.0.0.1:" + httpGet.path("port").asInt() + probePath(probe));
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

    /** A request to the service as the admin (the test token issuer's token). */
    HttpRequest.Builder request(String path) {
        return Callers.adminRequest(uri(path)).timeout(Duration.ofSeconds(30));
    }

    static int status(URI uri) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
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
        URI readiness = probeUri("readinessProbe");
        while (true) {
            try {
                if (status(readiness) == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (ConnectException notListeningYet) {
                // the JVM is still starting
            }
            if (!"true".equals(Podman.ok("inspect", "--format", "{{.State.Running}}", container))
                    || System.nanoTime() > deadline) {
                throw new AssertionError(container + " did not become ready on " + readiness + " within " + max
                        + "; its log:\n" + Podman.logs(container));
            }
            Thread.sleep(200);
        }
    }
}
