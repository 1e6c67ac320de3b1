import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs the fault schedule against the cluster, one fault at a time, each until its server is back
 * (restarted and ready, resumed, the link healed); the rebuild job runs beside everything else. A
 * fault the cluster does not recover from stops the schedule, and the run is void.
 */
final class FaultInjector {

    /** A fault as it happened: when after the load's start, how long until it was over, what it found. */
    record Injected(FaultKind kind, Duration at, Duration lasted, String note) {}

    private final Cluster cluster;
    private final List<FaultSchedule.PlannedFault> plan;
    private final List<Injected> injected = new CopyOnWriteArrayList<>();
    private final List<JobsRunner.Run> rebuilds = new CopyOnWriteArrayList<>();
    private volatile Exception failure;
    private long loadStart;
    private Thread schedule;
    private volatile Thread rebuild;

    FaultInjector(Cluster cluster, List<FaultSchedule.PlannedFault> plan) {
        this.cluster = cluster;
        this.plan = plan;
    }

    void start(long loadStartNanos) {
        loadStart = loadStartNanos;
        schedule = Thread.ofPlatform().name("faults").start(this::injectAll);
    }

    /** Waits until every fault is over and the last rebuild has exited. */
    void await() throws InterruptedException {
        schedule.join();
        Thread last = rebuild;
        if (last != null) {
            last.join();
        }
    }

    List<Injected> injected() {
        return List.copyOf(injected);
    }

    List<JobsRunner.Run> rebuilds() {
        return List.copyOf(rebuilds);
    }

    /** Why the schedule stopped early, if it did. */
    Optional<Exception> failure() {
        return Optional.ofNullable(failure);
    }

    private void injectAll() {
        try {
            for (FaultSchedule.PlannedFault fault : plan) {
                TimeUnit.NANOSECONDS.sleep(loadStart + fault.at().toNanos() - System.nanoTime());
                long began = System.nanoTime();
                RunLog.say(fault.kind().label + ": " + fault.kind().description);
                String note = inject(fault);
                Duration lasted = Duration.ofNanos(System.nanoTime() - began);
                injected.add(new Injected(fault.kind(), Duration.ofNanos(began - loadStart), lasted, note));
                RunLog.say(fault.kind().label + ": " + note + "; over after " + RunLog.seconds(lasted));
            }
        } catch (Exception e) {
            failure = e;
            RunLog.say("the cluster did not recover from a fault, so the schedule stops: " + e);
        }
    }

    private String inject(FaultSchedule.PlannedFault fault) throws IOException, InterruptedException {
        Duration outage = fault.outage();
        return switch (fault.kind()) {
            case KILL_COMMAND -> killCommand(outage);
            case KILL_QUERY_1 -> killAndRestart(cluster.queries().get(0), outage);
            case KILL_QUERY_2 -> killAndRestart(cluster.queries().get(1), outage);
            case KILL_KAFKA -> {
                cluster.kafka().kill();
                Thread.sleep(outage.toMillis());
                cluster.kafka().start();
                yield "down " + RunLog.seconds(outage) + " before its restart";
            }
            case RESTART_POSTGRES -> {
                cluster.postgres().restartImmediately();
                yield "immediate shutdown, restarted with crash recovery";
            }
            case PAUSE_COMMAND -> {
                cluster.command().pause();
                try {
                    Thread.sleep(outage.toMillis());
                } finally {
                    cluster.command().resume();
                }
                yield "stopped for " + RunLog.seconds(outage);
            }
            case PARTITION_KAFKA -> {
                KafkaPartition partition = cluster.partition().orElseThrow();
                partition.cut();
                try {
                    Thread.sleep(outage.toMillis());
                } finally {
                    partition.heal();
                }
                yield "cut off for " + RunLog.seconds(outage);
            }
            case REBUILD -> startRebuild();
        };
    }

    /** Waits up to two seconds for a transaction of command-service's to be open, then kills it. */
    private String killCommand(Duration outage) throws IOException, InterruptedException {
        boolean midTransaction = awaitOpenTransaction(Duration.ofSeconds(2));
        cluster.command().kill();
        Thread.sleep(outage.toMillis());
        cluster.command().start();
        return (midTransaction ? "killed mid-transaction" : "killed with no transaction open") + ", down "
                + RunLog.seconds(outage) + " before its restart";
    }

    private String killAndRestart(PackagedService replica, Duration outage) throws IOException, InterruptedException {
        replica.kill();
        Thread.sleep(outage.toMillis());
        replica.start();
        return "down " + RunLog.seconds(outage) + " before its restart";
    }

    private boolean awaitOpenTransaction(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = cluster.commandDatabase()) {
            while (System.nanoTime() < deadline) {
                if (WriteModel.transactionOpen(db)) {
                    return true;
                }
                Thread.sleep(1);
            }
        } catch (SQLException databaseDown) {
            // kill it anyway
        }
        return false;
    }

    private String startRebuild() throws InterruptedException {
        Thread previous = rebuild;
        if (previous != null) {
            previous.join(); // the job refuses to run beside itself (exit 4)
        }
        rebuild = Thread.ofPlatform().name("rebuild-projections").start(() -> {
            try {
                JobsRunner.Run run = cluster.jobs().run("rebuild-projections", Duration.ofMinutes(5));
                rebuilds.add(run);
                RunLog.say("rebuild-projections exited " + run.exitCode() + " after " + RunLog.seconds(run.took())
                        + ": " + run.summary());
            } catch (IOException | InterruptedException e) {
                RunLog.say("rebuild-projections could not run: " + e);
            }
        });
        return "started beside the load";
    }
}
