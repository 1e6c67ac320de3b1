package dev.ledger.k8s.pods;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledger.devstack.CollectedSpan;
import dev.ledger.devstack.TraceCollector;
import dev.ledger.k8s.Manifests;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The dev overlay's command and query Deployments, played as pods from the images bin/images
 * built, checked with real HTTP and by reading the running processes.
 */
@ResourceLock(Podman.PODS)
class PodsIT {

    private static LedgerPods ledger;
    private static ServicePod command;
    private static ServicePod query;

    @BeforeAll
    static void playTheServices() throws Exception {
        ledger = LedgerPods.start();
        command = ledger.playService("ledger-command");
        query = ledger.playService("ledger-query");
    }

    @AfterAll
    static void removeThem() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void shouldAnswerEveryProbeOnItsOwnPath() throws Exception {
        for (ServicePod service : List.of(command, query)) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertEquals(200, ServicePod.status(service.probeUri(probe)), probe + " of " + service.container());
            }
        }
    }

    @Test
    void shouldShowACommandSentToTheCommandPodOnTheQueryPod() throws Exception {
        JsonNode opened = command.post("/accounts", Map.of("owner", "pod-test", "currency", "EUR"), 201);
        String id = opened.path("id").asText();
        JsonNode deposited = command.post("/accounts/" + id + "/deposits", Map.of("amount", 1250), 200);

        HttpResponse<String> read = ServicePod.HTTP.send(
                query.request("/accounts/" + id)
                        .header("X-Min-Version", deposited.path("version").asText())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, read.statusCode(), read.body());
        JsonNode account = ServicePod.JSON.readTree(read.body());
        assertEquals(1250, account.path("balance").asLong());
        assertEquals(deposited.path("version").asLong(), account.path("version").asLong());
    }

    @Test
    void shouldTraceACommandFromTheCommandPodIntoTheQueryPodsProjection() throws Exception {
        JsonNode opened = command.post("/accounts", Map.of("owner", "pod-trace", "currency", "EUR"), 201);
        String id = opened.path("id").asText();

        List<CollectedSpan> trace = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> ledger.traces.spans().stream()
                                .filter(span -> id.equals(span.attributes().get("ledger.account.id")))
                                .findFirst()
                                .map(apply -> ledger.traces.trace(apply.traceId()))
                                .orElse(List.of()),
                        spans -> spans.stream().anyMatch(span -> span.name().equals("POST /accounts")));
        String tree = TraceCollector.tree(trace);
        assertTrue(
                trace.stream()
                        .anyMatch(span -> span.service().equals("ledger-command")
                                && span.kind().equals("SERVER")),
                tree);
        assertTrue(
                trace.stream()
                        .anyMatch(span -> span.service().equals("ledger-query")
                                && span.name().startsWith("apply ")),
                tree);
    }

    @Test
    void shouldLogOneJsonObjectALine() throws Exception {
        for (ServicePod service : List.of(command, query)) {
            List<JsonNode> lines = new java.util.ArrayList<>();
            for (String line : Podman.logs(service.container()).lines().toList()) {
                // the JVM's own notices (JAVA_TOOL_OPTIONS) are not log records
                if (line.startsWith("{")) {
                    lines.add(ServicePod.JSON.readTree(line));
                }
            }
            assertTrue(
                    lines.stream()
                            .anyMatch(line -> line.path("message").asText().contains("started in")),
                    "no JSON line tells the start of " + service.container() + ":\n"
                            + Podman.logs(service.container()));
            for (JsonNode line : lines) {
                for (String field : List.of("timestamp", "level", "loggerName", "message")) {
                    assertTrue(line.hasNonNull(field), field + " missing in " + line);
                }
            }
        }
    }

    @Test
    void shouldRunAsTheManifestsUserWithNoCapabilities() {
        for (ServicePod service : List.of(command, query)) {
            JsonNode podSecurity = service.template().path("spec").path("securityContext");
            Map<String, String> status = processStatus(service.container());
            String uid = podSecurity.path("runAsUser").asText();
            String gid = podSecurity.path("runAsGroup").asText();
            assertEquals(String.join("\t", uid, uid, uid, uid), status.get("Uid"), "uid of " + service.container());
            assertEquals(String.join("\t", gid, gid, gid, gid), status.get("Gid"), "gid of " + service.container());
            for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
                assertEquals("0000000000000000", status.get(set), set + " of " + service.container());
            }
            assertEquals("1", status.get("NoNewPrivs"), "no_new_privs of " + service.container());
            assertEquals("2", status.get("Seccomp"), "seccomp filter mode of " + service.container());
        }
    }

    @Test
    void shouldWriteOnlyBelowTmp() {
        for (ServicePod service : List.of(command, query)) {
            // /var/tmp is writable by everyone in the image: only a read-only root refuses the write
            Podman.Result outside = Podman.run(30, "exec", service.container(), "sh", "-c", "echo x > /var/tmp/probe");
            assertFalse(outside.ok(), "a write to /var/tmp succeeded in " + service.container());
            assertTrue(outside.err().contains("Read-only file system"), outside.err());

            Podman.Result inside = Podman.run(30, "exec", service.container(), "sh", "-c", "echo x > /tmp/probe");
            assertTrue(inside.ok(), "a write to /tmp failed in " + service.container() + ": " + inside.err());
        }
    }

    @Test
    void shouldSizeTheHeapFromTheContainersMemoryLimit() {
        for (ServicePod service : List.of(command, query)) {
            long limit = Quantity.getAmountInBytes(new Quantity(service.containerSpec()
                            .path("resources")
                            .path("limits")
                            .path("memory")
                            .asText()))
                    .longValueExact();
            double percentage = Manifests.maxRamPercentage(service.containerSpec())
                    .orElseThrow(
                            () -> new AssertionError("the manifest sets no -XX:MaxRAMPercentage in JAVA_TOOL_OPTIONS"));
            // jcmd, run inside the container as its user, attaches to the service's JVM (pid 1)
            String flags = Podman.ok(
                    "exec", service.container(), "java", "-m", "jdk.jcmd/sun.tools.jcmd.JCmd", "1", "VM.flags");
            Matcher maxHeap = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(flags);
            assertTrue(maxHeap.find(), flags);
            assertEquals(
                    (long) (limit * percentage / 100),
                    Long.parseLong(maxHeap.group(1)),
                    "MaxHeapSize of " + service.container() + " with a " + limit + "-byte limit");
        }
    }

    @Test
    void shouldRunTheReconcileCronJobOnceToExitZero() throws Exception {
        long started = System.nanoTime();
        String job = ledger.playCronJob("ledger-jobs-reconcile");
        String exitCode = Podman.ok("wait", job);
        System.out.printf(
                "pods: ledger-jobs-reconcile exited %s after %.1f s%n", exitCode, (System.nanoTime() - started) / 1e9);
        assertEquals("0", exitCode, "reconcile's log:\n" + Podman.logs(job));

        // the job is gone before its /proc can be read: what podman ran it with must say the same
        JsonNode pod = PodmanAdaptation.cronJobPod(
                ledger.object("CronJob", "ledger-jobs-reconcile"), ledger.stack, ledger.traces);
        JsonNode security = pod.path("spec").path("securityContext");
        assertEquals(
                security.path("runAsUser").asText() + ":"
                        + security.path("runAsGroup").asText(),
                Podman.ok("inspect", "--format", "{{.Config.User}}", job));
        assertEquals("true", Podman.ok("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", job));
        assertEquals("[]", Podman.ok("inspect", "--format", "{{.EffectiveCaps}}", job));
    }

    /** {@code /proc/1/status} of the container's main process, read inside the container. */
    private static Map<String, String> processStatus(String container) {
        return Podman.ok("exec", container, "cat", "/proc/1/status")
                .lines()
                .map(line -> line.split(":\\s*", 2))
                .filter(pair -> pair.length == 2)
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1].strip(), (a, b) -> a));
    }
}
