package dev.ledger.k8s.pods;

import dev.ledger.devstack.Callers;
import java.util.List;

/**
 * {@code bin/pods}: the whole ledger as pods on this machine, as the pod tests play it (devstack,
 * the dev overlay's command and query Deployments), their proxies' cluster-internal ports the ports
 * {@code bin/dev} uses. Ctrl-C
 * removes the pods and stops the stack.
 */
public final class PodsMain {

    private PodsMain() {}

    public static void main(String[] args) throws Exception {
        LedgerPods ledger = LedgerPods.start();
        Runtime.getRuntime().addShutdownHook(new Thread(ledger::close, "pods-down"));
        ServicePod command = ledger.playService(
                "ledger-command", PodPorts.withInternal(8080), PodmanAdaptation.Environment.AS_RENDERED);
        ServicePod query = ledger.playService(
                "ledger-query", PodPorts.withInternal(8081), PodmanAdaptation.Environment.AS_RENDERED);
        for (ServicePod service : List.of(command, query)) {
            System.out.println("pods: " + service.containerSpec().path("name").asText() + " " + service.uri("/")
                    + " through its proxy (container " + service.container() + "); " + service.ports());
        }
        System.out.println("pods: " + ledger.stack.describe().replace("\n", "\npods: "));
        System.out.println("pods: an admin's bearer token, valid 12 h: " + Callers.adminToken());
        System.out.println(
                "pods: manifests as played in k8s/target/pods/; Ctrl-C removes the pods and stops the stack");
        Thread.currentThread().join();
    }
}
