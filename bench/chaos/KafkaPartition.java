import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional fault partition-kafka: command-service, run under a uid of its own, loses every
 * packet it sends to the Kafka port (iptables' owner match on the loopback), while PostgreSQL, the
 * query replicas, the jobs and the driver still reach Kafka. Its connections stay open and
 * unanswered, as across a cut link, until the rule is deleted. Needs root, iptables and setpriv
 * (util-linux).
 *
 * <p>Not a network namespace: devstack's PostgreSQL and Kafka listen, and Kafka advertises itself,
 * on 127.0.0.1 only, so a service in a namespace of its own would need NAT both ways to reach them.
 */
final class KafkaPartition {

    /** nobody and nogroup on Debian: any uid of its own will do, as long as it can read the jar. */
    private static final String UID = "65534";

    private final int kafkaPort;
    private boolean cut;

    KafkaPartition(int kafkaPort) {
        this.kafkaPort = kafkaPort;
    }

    /** Fails before anything starts when the fault cannot run here. */
    static void checkAvailable() {
        for (List<String> probe :
                List.of(List.of("iptables", "-w", "-L", "OUTPUT", "-n"), List.of("setpriv", "--version"))) {
            if (run(probe) != 0) {
                throw new IllegalStateException("partition-kafka needs root, iptables and setpriv (util-linux): `"
                        + String.join(" ", probe) + "` failed; run without it, e.g. --faults with the other kinds");
            }
        }
    }

    /** Runs command-service as {@link #UID}, so that the rule matches its packets and no one else's. */
    List<String> launcher() {
        return List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups");
    }

    synchronized void cut() {
        iptables("-I");
        cut = true;
    }

    synchronized void heal() {
        if (cut) {
            iptables("-D");
            cut = false;
        }
    }

    private void iptables(String action) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", action, "OUTPUT", "-o", "lo", "-p", "tcp"));
        command.addAll(
                List.of("--dport", Integer.toString(kafkaPort), "-m", "owner", "--uid-owner", UID, "-j", "DROP"));
        if (run(command) != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed");
        }
    }

    private static int run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                System.err.println("chaos: " + String.join(" ", command) + ": " + output.strip());
            }
            return exit;
        } catch (IOException notInstalled) {
            System.err.println("chaos: cannot run " + command.get(0) + ": " + notInstalled.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
