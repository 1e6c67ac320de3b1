package dev.ledger.k8s.pods;

/**
 * {@code bin/pods}: the whole ledger as pods on this machine, as the pod tests play it (devstack,
 * the dev overlay's command and query Deployments), on the ports {@code bin/dev} uses. Ctrl-C
 * removes the pods and stops the stack.
 */
public final class PodsMain {

    private PodsMain() {}

    public static void main(String[] args) throws Exception {
        LedgerPods ledger = LedgerPods.start();
        Runtime.getRuntime().addShutdownHook(new Thread(ledger::close, "pods-down"));
        ServicePod command = ledger.playService("ledger-command", 8080);
        ServicePod query = ledger.playService("ledger-query", 8081);
        System.out.println("pods: ledger-command " + command.uri("/") + " (container " + command.container() + ")");
        System.out.println("pods: ledger-query   " + query.uri("/") + " (container " + query.container() + ")");
        System.out.println("pods: " + ledger.stack.describe().replace("\n", "\npods: "));
        System.out.println(
                "pods: manifests as played in k8s/target/pods/; Ctrl-C removes the pods and stops the stack");
        Thread.currentThread().join();
    }
}
