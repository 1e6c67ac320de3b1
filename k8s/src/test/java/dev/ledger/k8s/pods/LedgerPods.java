package dev.ledger.k8s.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.StackSettings;
import dev.ledger.devstack.TraceCollector;
import dev.ledger.k8s.Manifests;
import dev.ledger.k8s.TestCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The dev overlay as the pod tests play it: devstack's PostgreSQL and Kafka, the overlay rendered
 * with kubectl kustomize, its Secrets made from devstack's settings, and the pods played from it
 * with {@link PodmanAdaptation}'s changes. {@link #close()} removes the pods, then stops the stack.
 */
final class LedgerPods implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(180);

    final LocalStack stack;
    final List<ObjectNode> rendered;
    final PlayedPods pods;
    final PodmanAdaptation.Proxy proxy;
    /** Where the pods send their traces. */
    final TraceCollector traces;

    private LedgerPods(
            LocalStack stack,
            List<ObjectNode> rendered,
            PlayedPods pods,
            PodmanAdaptation.Proxy proxy,
            TraceCollector traces) {
        this.stack = stack;
        this.rendered = rendered;
        this.pods = pods;
        this.proxy = proxy;
        this.traces = traces;
    }

    static LedgerPods start() throws IOException, InterruptedException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        LocalStack stack =
                LocalStack.start(StackSettings.forTests(Files.createTempDirectory(target, "pods-devstack-")));
        PlayedPods pods = null;
        try {
            List<ObjectNode> rendered = Manifests.overlay("dev");
            pods = new PlayedPods(target.resolve("pods"));
            pods.createSecrets(PodmanAdaptation.secrets(rendered, stack));
            PodmanAdaptation.Proxy proxy = new PodmanAdaptation.Proxy(
                    Path.of("components", "acd-proxy").toAbsolutePath(),
                    TestCertificate.create(target.resolve("pods").resolve("tls").toAbsolutePath()),
                    Podman.localProxyImage().orElse(pinnedProxyImage(rendered)));
            return new LedgerPods(stack, rendered, pods, proxy, TraceCollector.start(0));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (pods != null) {
                pods.close();
            }
            stack.close();
            throw e;
        }
    }

    /** Plays the named Deployment on free ports and waits until its readiness probe answers 200. */
    ServicePod playService(String deployment) throws IOException, InterruptedException {
        return playService(deployment, PodPorts.free(), PodmanAdaptation.Environment.AS_RENDERED);
    }

    /**
     * Plays the named Deployment on {@code ports}, with {@code environment} over the manifest's
     * variables, and waits until its readiness probe answers 200.
     */
    ServicePod playService(String deployment, PodPorts ports, PodmanAdaptation.Environment environment)
            throws IOException, InterruptedException {
        ObjectNode played =
                PodmanAdaptation.deployment(object("Deployment", deployment), stack, traces, ports, proxy, environment);
        JsonNode template = played.path("spec").path("template");
        String service =
                template.path("spec").path("containers").path(0).path("name").asText();
        ServicePod pod = new ServicePod(pods.play(played, service), ports, template);
        Duration ready = pod.awaitReady(STARTUP);
        System.out.printf("pods: %s ready %.1f s after podman kube play%n", deployment, ready.toMillis() / 1000.0);
        return pod;
    }

    /** Plays the named CronJob's pod template as a Pod and returns its container's id. */
    String playCronJob(String cronJob) throws IOException {
        ObjectNode pod = PodmanAdaptation.cronJobPod(object("CronJob", cronJob), stack, traces);
        return pods.play(
                pod, pod.path("spec").path("containers").path(0).path("name").asText());
    }

    /** The HAProxy image the rendered manifests pin, for when no local stand-in was built. */
    private static String pinnedProxyImage(List<ObjectNode> rendered) {
        for (ObjectNode deployment : Manifests.ofKind(rendered, "Deployment")) {
            for (var sidecar :
                    deployment.path("spec").path("template").path("spec").path("initContainers")) {
                return sidecar.path("image").asText();
            }
        }
        throw new AssertionError("the dev overlay renders no proxy sidecar");
    }

    ObjectNode object(String kind, String name) {
        return Manifests.find(rendered, kind, name)
                .orElseThrow(() -> new AssertionError("the dev overlay renders no " + kind + " " + name));
    }

    @Override
    public void close() {
        try {
            pods.close();
        } finally {
            traces.close();
            stack.close();
        }
    }
}
