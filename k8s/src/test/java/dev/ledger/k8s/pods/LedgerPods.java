package dev.ledger.k8s.pods;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.FreePorts;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.StackSettings;
import dev.ledger.k8s.Manifests;
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

    private LedgerPods(LocalStack stack, List<ObjectNode> rendered, PlayedPods pods) {
        this.stack = stack;
        this.rendered = rendered;
        this.pods = pods;
    }

    static LedgerPods start() throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        LocalStack stack =
                LocalStack.start(StackSettings.forTests(Files.createTempDirectory(target, "pods-devstack-")));
        PlayedPods pods = null;
        try {
            List<ObjectNode> rendered = Manifests.overlay("dev");
            pods = new PlayedPods(target.resolve("pods"));
            pods.createSecrets(PodmanAdaptation.secrets(rendered, stack));
            return new LedgerPods(stack, rendered, pods);
        } catch (IOException | RuntimeException | Error e) {
            if (pods != null) {
                pods.close();
            }
            stack.close();
            throw e;
        }
    }

    /** Plays the named Deployment on a free port and waits until its readiness probe's path answers 200. */
    ServicePod playService(String deployment) throws IOException, InterruptedException {
        return playService(deployment, FreePorts.any());
    }

    /** Plays the named Deployment on {@code port} and waits until its readiness probe's path answers 200. */
    ServicePod playService(String deployment, int port) throws IOException, InterruptedException {
        ObjectNode played = PodmanAdaptation.deployment(object("Deployment", deployment), stack, port);
        ServicePod service =
                new ServicePod(pods.play(played), port, played.path("spec").path("template"));
        Duration ready = service.awaitReady(STARTUP);
        System.out.printf("pods: %s ready %.1f s after podman kube play%n", deployment, ready.toMillis() / 1000.0);
        return service;
    }

    /** Plays the named CronJob's pod template as a Pod and returns its container's id. */
    String playCronJob(String cronJob) throws IOException {
        return pods.play(PodmanAdaptation.cronJobPod(object("CronJob", cronJob), stack));
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
            stack.close();
        }
    }
}
