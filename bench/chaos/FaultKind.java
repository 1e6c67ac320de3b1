import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/** What the driver does to the ledger, by the name the command line uses. */
enum FaultKind {
    KILL_COMMAND("kill-command", 0, 2, "kill -9 of command-service mid-transaction, restarted after the outage"),
    KILL_QUERY_1("kill-query-1", 1, 5, "kill -9 of query-service-1, restarted after the outage"),
    KILL_QUERY_2("kill-query-2", 1, 5, "kill -9 of query-service-2, restarted after the outage"),
    KILL_KAFKA("kill-kafka", 2, 8, "kill -9 of the Kafka broker, restarted after the outage"),
    RESTART_POSTGRES("restart-postgres", 0, 0, "immediate-mode PostgreSQL restart (SIGQUIT, then crash recovery)"),
    PAUSE_COMMAND("pause-command", 3, 20, "SIGSTOP of command-service, the relay's process, SIGCONT after the outage"),
    PARTITION_KAFKA("partition-kafka", 5, 20, "command-service cut off from Kafka, healed after the outage (optional)"),
    REBUILD("rebuild-projections", 0, 0, "the jobs' rebuild-projections, run beside the load and the other faults");

    final String label;
    final String description;
    private final int minOutageSeconds;
    private final int maxOutageSeconds;

    FaultKind(String label, int minOutageSeconds, int maxOutageSeconds, String description) {
        this.label = label;
        this.minOutageSeconds = minOutageSeconds;
        this.maxOutageSeconds = maxOutageSeconds;
        this.description = description;
    }

    /** How long this fault lasts (a server down, a process stopped, a link cut), drawn from its range. */
    Duration outage(Random random) {
        int spread = maxOutageSeconds - minOutageSeconds;
        return Duration.ofMillis(1_000L * minOutageSeconds + (spread == 0 ? 0 : random.nextInt(spread * 1_000)));
    }

    static FaultKind named(String label) {
        return Arrays.stream(values())
                .filter(kind -> kind.label.equals(label))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no fault named " + label + "; the faults: " + labels()));
    }

    /** Every kind but partition-kafka, which needs root and is asked for by name. */
    static Set<FaultKind> byDefault() {
        return EnumSet.complementOf(EnumSet.of(PARTITION_KAFKA));
    }

    /** The CI run's: one kill of each server, one of each other fault, one query replica. */
    static Set<FaultKind> forShortRun() {
        return EnumSet.of(KILL_COMMAND, KILL_QUERY_1, KILL_KAFKA, RESTART_POSTGRES, PAUSE_COMMAND, REBUILD);
    }

    static String labels() {
        return Arrays.stream(values()).map(kind -> kind.label).collect(Collectors.joining(", "));
    }
}
