package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acd-proxy component's HAProxy configuration: the ConfigMap every overlay renders holds the
 * file the proxy tests use, and {@code haproxy -c} accepts it with each service's environment as
 * its sidecar sets it. Needs HAProxy 2.6+ ({@code apt-get install haproxy}; .ci/run installs it).
 */
class ProxyConfigTest {

    static final Path CONFIGURATION = Path.of("components", "acd-proxy", "haproxy.cfg");

    @TempDir
    static Path tls;

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    @BeforeAll
    static void certificate() throws Exception {
        TestCertificate.create(tls);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shouldRenderTheTestedFileAsTheProxysConfigMap(String overlay) throws IOException {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        for (ObjectNode deployment : Manifests.ofKind(objects, "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            if (AcdProxyPolicy.sidecar(pod).isEmpty()) {
                continue;
            }
            String configMap = "";
            for (JsonNode volume : pod.path("volumes")) {
                configMap = volume.path("configMap").path("name").asText(configMap);
            }
            ObjectNode rendered = Manifests.find(objects, "ConfigMap", configMap)
                    .orElseThrow(() -> new AssertionError(Manifests.id(deployment) + " mounts no rendered ConfigMap"));
            assertEquals(
                    Files.readString(CONFIGURATION),
                    rendered.path("data").path("haproxy.cfg").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ledger-command", "ledger-query"})
    void shouldPassHaproxysCheckWithEachServicesEnvironment(String service) throws Exception {
        ObjectNode deployment =
                Manifests.find(Manifests.overlay("prod"), "Deployment", service).orElseThrow();
        JsonNode sidecar = AcdProxyPolicy.sidecar(
                        deployment.path("spec").path("template").path("spec"))
                .orElseThrow();
        Map<String, String> environment = new java.util.HashMap<>();
        sidecar.path("env")
                .forEach(variable -> environment.put(
                        variable.path("name").asText(), variable.path("value").asText()));
        assertTrue(environment.containsKey("PUBLIC_RESOURCES"), "the sidecar names its service's public paths");
        environment.put(
                "TLS_CERTIFICATE", tls.resolve(TestCertificate.CERTIFICATE).toString());
        String check = haproxyCheck(CONFIGURATION, environment);
        assertTrue(check.contains("Configuration file is valid"), check);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shouldGiveEachSideItsOwnLimitsCommandsTheStrictest(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        Map<String, String> command = proxyEnvironment(objects, "ledger-command");
        Map<String, String> query = proxyEnvironment(objects, "ledger-query");
        int commandBurst = Integer.parseInt(command.get("COMMAND_BURST_LIMIT"));
        int commandSideReads = Integer.parseInt(command.get("QUERY_BURST_LIMIT"));
        int querySideReads = Integer.parseInt(query.get("QUERY_BURST_LIMIT"));
        assertTrue(commandBurst < commandSideReads, "commands stricter than reads: " + command);
        assertTrue(commandSideReads < querySideReads, "the query side reads more freely: " + query);
        assertTrue(
                Integer.parseInt(command.get("QUERY_RATE_LIMIT")) < Integer.parseInt(query.get("QUERY_RATE_LIMIT")),
                "sustained reads: " + command + " / " + query);
    }

    @Test
    void shouldFailTheCheckOfABrokenConfiguration(@TempDir Path directory) throws Exception {
        Path broken = directory.resolve("haproxy.cfg");
        Files.writeString(broken, Files.readString(CONFIGURATION).replace("http-after-response", "http-after-reply"));
        String check = haproxyCheck(
                broken,
                Map.of(
                        "PUBLIC_RESOURCES",
                        "accounts",
                        "TLS_CERTIFICATE",
                        tls.resolve(TestCertificate.CERTIFICATE).toString()));
        assertNotEquals(-1, check.indexOf("http-after-reply"), check);
        assertTrue(check.startsWith("exit 1"), check);
    }

    /** The variables the service's proxy sidecar is given. */
    private static Map<String, String> proxyEnvironment(List<ObjectNode> objects, String service) {
        ObjectNode deployment = Manifests.find(objects, "Deployment", service).orElseThrow();
        JsonNode sidecar = AcdProxyPolicy.sidecar(
                        deployment.path("spec").path("template").path("spec"))
                .orElseThrow(() -> new AssertionError(service + " has no proxy sidecar"));
        Map<String, String> environment = new HashMap<>();
        sidecar.path("env")
                .forEach(variable -> environment.put(
                        variable.path("name").asText(), variable.path("value").asText()));
        return environment;
    }

    /** {@code haproxy -c -f configuration}: "exit <code>" and HAProxy's own words. */
    private static String haproxyCheck(Path configuration, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of("haproxy", "-c", "-f", configuration.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process haproxy;
        try {
            haproxy = builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "HAProxy is needed to check the proxy's configuration: apt-get install haproxy", e);
        }
        String output = new String(haproxy.getInputStream().readAllBytes());
        assertTrue(haproxy.waitFor(60, TimeUnit.SECONDS), "haproxy -c did not finish");
        return "exit " + haproxy.exitValue() + "\n" + output;
    }
}
