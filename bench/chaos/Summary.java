import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The run in one table, on stdout and as Markdown in summary.md for bench/chaos/README.md: the
 * faults injected, the requests and their outcomes, the duplicates, the time to converge, the
 * largest projection lag, and the invariants, each with the counts that show it.
 */
final class Summary {

    /** What a run produced, for its table. */
    record Run(
            ChaosOptions options,
            Duration load,
            List<FaultSchedule.PlannedFault> plan,
            List<FaultInjector.Injected> injected,
            List<JobsRunner.Run> rebuilds,
            Outcomes outcomes,
            TopicAudit.Result topic,
            long duplicatesSkipped,
            long parked,
            Convergence.Result convergence,
            LagProbe.Stats lag,
            List<CheckResult> checks) {}

    private final List<String[]> rows = new ArrayList<>();
    private final Run run;

    private Summary(Run run) {
        this.run = run;
        ChaosOptions options = run.options();
        row("seed", options.seed() + " (repeat the schedule with --seed " + options.seed() + ")");
        row(
                "load",
                RunLog.seconds(run.load()) + ", " + options.clients() + " clients at " + options.rate()
                        + " transfers/s between " + options.accounts() + " accounts");
        row("faults injected", run.injected().size() + " of " + run.plan().size() + " planned");
        for (FaultKind kind : options.faults()) {
            row("  " + kind.label, faultNote(kind));
        }
        Outcomes outcomes = run.outcomes();
        row("requests sent", outcomes.attempts() + " HTTP requests for " + outcomes.started() + " transfers");
        row("  acknowledged", Long.toString(outcomes.acknowledged()));
        row("  refused", outcomes.refused() + refusalTypes());
        row(
                "  unanswered",
                outcomes.unanswered() + " (no deciding answer within " + RunLog.seconds(CommandApi.GIVE_UP) + ")");
        row("  retries", outcomes.retries() + " (same Idempotency-Key)");
        row("  repeats of a decided request", Long.toString(outcomes.repeats()));
        row(
                "duplicates seen on the topic",
                run.topic().duplicates() + " of " + run.topic().records() + " records");
        row(
                "duplicates skipped by the projection",
                "at least " + run.duplicatesSkipped() + " (both replicas' metrics)");
        row("events parked by the projection", "at least " + run.parked());
        row(
                "outbox drained",
                run.convergence()
                        .outboxDrained()
                        .map(d -> RunLog.seconds(d) + " after the load")
                        .orElse("no"));
        row(
                "time to converge",
                run.convergence()
                        .replicasEqual()
                        .map(d -> RunLog.seconds(d) + " after the load (limit "
                                + RunLog.seconds(options.convergeLimit()) + ")")
                        .orElse("did not converge within " + RunLog.seconds(options.convergeLimit())));
        LagProbe.Stats lag = run.lag();
        row(
                "max projection lag seen",
                "%s (p50 %s, p99 %s; %d samples, %d unresolved)"
                        .formatted(
                                millis(lag.max()),
                                millis(lag.p50()),
                                millis(lag.p99()),
                                lag.samples(),
                                lag.unresolved()));
        long held = run.checks().stream().filter(CheckResult::held).count();
        row("invariants held", held + " of " + run.checks().size());
    }

    /** Prints the checks and the table, and writes the Markdown beside the logs. */
    static void report(Run run, Path markdown) throws IOException {
        Summary summary = new Summary(run);
        System.out.println();
        for (CheckResult check : run.checks()) {
            System.out.println((check.held() ? "PASS " : "FAIL ") + check.invariant() + ": " + check.detail());
            check.evidence().forEach(line -> System.out.println("       " + line));
        }
        System.out.println();
        for (String[] row : summary.rows) {
            System.out.printf("%-40s %s%n", row[0], row[1]);
        }
        Files.writeString(markdown, summary.markdown());
    }

    private String markdown() {
        StringBuilder text = new StringBuilder("| What | Figure |\n|---|---|\n");
        // Markdown drops leading spaces: the indented rows keep theirs as non-breaking ones
        rows.forEach(row -> text.append("| ")
                .append(row[0].startsWith("  ") ? "&nbsp;&nbsp;" + row[0].strip() : row[0])
                .append(" | ")
                .append(row[1].replace("|", "\\|"))
                .append(" |\n"));
        text.append("\n| Invariant | Held | Counts |\n|---|---|---|\n");
        run.checks()
                .forEach(check -> text.append("| ")
                        .append(check.invariant())
                        .append(" | ")
                        .append(check.held() ? "yes" : "**no**")
                        .append(" | ")
                        .append(check.detail().replace("|", "\\|"))
                        .append(" |\n"));
        return text.toString();
    }

    private String faultNote(FaultKind kind) {
        List<FaultInjector.Injected> done =
                run.injected().stream().filter(fault -> fault.kind() == kind).toList();
        long planned = run.plan().stream().filter(fault -> fault.kind() == kind).count();
        String count = done.size() + (done.size() < planned ? " of " + planned + " planned" : "");
        if (kind == FaultKind.REBUILD) {
            return count + "; exit codes "
                    + run.rebuilds().stream()
                            .map(rebuild -> Integer.toString(rebuild.exitCode()))
                            .collect(Collectors.joining(", ", "[", "]"));
        }
        if (done.isEmpty()) {
            return count;
        }
        List<Duration> lasted =
                done.stream().map(FaultInjector.Injected::lasted).sorted().toList();
        String over =
                "over after " + RunLog.seconds(lasted.get(0)) + " to " + RunLog.seconds(lasted.get(lasted.size() - 1));
        if (kind == FaultKind.KILL_COMMAND) {
            long midTransaction = done.stream()
                    .filter(fault -> fault.note().startsWith("killed mid-transaction"))
                    .count();
            return count + "; " + midTransaction + " mid-transaction; " + over;
        }
        return count + "; " + over;
    }

    private String refusalTypes() {
        Map<String, Long> types = new TreeMap<>(run.outcomes().all().stream()
                .filter(Outcomes.Outcome::refused)
                .collect(Collectors.groupingBy(outcome -> outcome.answer.problemType(), Collectors.counting())));
        return types.isEmpty() ? "" : " " + types;
    }

    private void row(String what, String value) {
        rows.add(new String[] {what, value});
    }

    private static String millis(long millis) {
        return RunLog.seconds(Duration.ofMillis(millis));
    }
}
