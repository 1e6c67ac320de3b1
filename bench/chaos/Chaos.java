import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The chaos suite's driver (bench/chaos/README.md). It runs the packaged ledger with PostgreSQL and
 * Kafka as processes of their own, loads it with transfers from clients that retry as the API asks,
 * strikes it with faults on a schedule drawn from a seed, and then checks the ledger's invariants.
 * Exit 0: every invariant held; 1: one did not; 2: a bad command line; 3: the run could not complete.
 */
public final class Chaos {

    /** Load that goes on after the last fault, so its aftermath is loaded too. */
    private static final Duration TAIL = Duration.ofSeconds(10);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private Chaos() {}

    public static void main(String[] args) {
        // the Kafka clients' configuration dumps would bury the summary
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.err.print(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ChaosOptions.USAGE);
            return;
        }
        int exit;
        try {
            exit = run(options);
        } catch (Exception e) {
            System.err.println("chaos: the run could not complete: " + e);
            e.printStackTrace();
            exit = 3;
        }
        System.exit(exit);
    }

    private static int run(ChaosOptions options) throws Exception {
        Path work = Path.of("target", "chaos").toAbsolutePath();
        List<FaultSchedule.PlannedFault> plan =
                FaultSchedule.plan(new Random(options.seed()), options.faults(), options.rounds(), options.duration());
        RunLog.say("seed " + options.seed() + ": " + plan.size() + " faults in at least "
                + RunLog.seconds(options.duration()) + " of load");
        for (FaultSchedule.PlannedFault fault : plan) {
            RunLog.say("  at " + RunLog.seconds(fault.at()) + ": " + fault.kind().label
                    + (fault.outage().isZero() ? "" : ", outage " + RunLog.seconds(fault.outage())));
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        try (Cluster cluster = Cluster.start(work, options.faults().contains(FaultKind.PARTITION_KAFKA))) {
            String token = cluster.adminToken();
            CommandApi commands = new CommandApi(http, cluster.command().uri("/"), token);
            QueryApi queries = new QueryApi(http, token);
            RunLog.say("opening " + options.accounts() + " accounts with " + AccountSetup.OPENING_DEPOSIT + " each");
            List<UUID> accounts = AccountSetup.open(commands, queries, cluster.queries(), options.accounts());

            Outcomes outcomes = new Outcomes();
            TransferLoad load =
                    new TransferLoad(commands, accounts, outcomes, options.seed(), options.clients(), options.rate());
            LagProbe lag = new LagProbe(queries, cluster.queries(), outcomes);
            ProjectionCounters counters = new ProjectionCounters(http, cluster.queries());
            FaultInjector faults = new FaultInjector(cluster, plan);
            RunLog.say("load and faults start");
            long loadStart = System.nanoTime();
            load.start();
            lag.start();
            counters.start();
            faults.start(loadStart);
            try {
                awaitLoad(options.duration(), loadStart, outcomes);
                faults.await();
                Thread.sleep(TAIL.toMillis());
            } finally {
                load.stop();
                lag.stop();
            }
            Duration loaded = Duration.ofNanos(System.nanoTime() - loadStart);
            if (faults.failure().isPresent()) {
                throw new IllegalStateException(
                        "the run is void: a fault did not recover; the logs are in " + work,
                        faults.failure().get());
            }

            RunLog.say("load over after " + RunLog.seconds(loaded) + "; waiting for the read side to converge");
            Convergence.Result convergence = Convergence.await(cluster, queries, options.convergeLimit());
            counters.stop();
            Map<UUID, QueryApi.AccountState> written;
            try (Connection db = cluster.commandDatabase()) {
                written = WriteModel.accounts(db);
            }
            RunLog.say("reading the topic, checking the invariants");
            TopicAudit.Result topic = TopicAudit.read(cluster.kafka().bootstrapServers(), written);
            List<CheckResult> checks = new ArrayList<>(
                    new WriteSideInvariants(cluster, commands, outcomes, accounts, options.seed()).check(convergence));
            checks.addAll(new ReadSideInvariants(cluster, queries).check(convergence, options.convergeLimit(), topic));
            Summary.report(
                    new Summary.Run(
                            options,
                            loaded,
                            plan,
                            faults.injected(),
                            faults.rebuilds(),
                            outcomes,
                            topic,
                            counters.total("duplicate"),
                            counters.total("parked"),
                            convergence,
                            lag.stats(),
                            checks),
                    work.resolve("summary.md"));
            boolean held = checks.stream().allMatch(CheckResult::held);
            RunLog.say((held ? "every invariant held" : "INVARIANTS VIOLATED") + "; logs and summary.md in " + work);
            return held ? 0 : 1;
        }
    }

    /** Sleeps through the load's minimum duration, saying how the transfers fare now and then. */
    private static void awaitLoad(Duration duration, long loadStart, Outcomes outcomes) throws InterruptedException {
        long end = loadStart + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(PROGRESS_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            RunLog.say("transfers: %d asked, %d acknowledged, %d refused, %d unanswered, %d retries"
                    .formatted(
                            outcomes.started(),
                            outcomes.acknowledged(),
                            outcomes.refused(),
                            outcomes.unanswered(),
                            outcomes.retries()));
        }
    }
}
