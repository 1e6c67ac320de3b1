import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The invariants of the read side and the topic between: every event published and none taken for
 * poison, both query replicas and their totals where the write model is, and the operators' own
 * reconcile agreeing.
 */
final class ReadSideInvariants {

    private final Cluster cluster;
    private final QueryApi queries;

    ReadSideInvariants(Cluster cluster, QueryApi queries) {
        this.cluster = cluster;
        this.queries = queries;
    }

    List<CheckResult> check(Convergence.Result convergence, Duration convergeLimit, TopicAudit.Result topic)
            throws SQLException, IOException, InterruptedException {
        List<CurrencyTotal> writtenTotals;
        try (Connection db = cluster.commandDatabase()) {
            writtenTotals = WriteModel.totals(db);
        }
        return List.of(
                topicComplete(topic),
                replicasEqual(convergence, convergeLimit),
                totalsEqual(writtenTotals),
                noDeadLetters(topic),
                reconciles());
    }

    private static CheckResult topicComplete(TopicAudit.Result topic) {
        return new CheckResult(
                "the topic holds every account's versions 1..n, no gap",
                topic.gapCount() == 0 && topic.conflicting() == 0 && topic.undecodable() == 0,
                ("%d records: %d accounts with a missing or extra version; %d duplicates of an event, %d versions"
                                + " reused by another event, %d undecodable; %d versions first seen after a later one")
                        .formatted(
                                topic.records(),
                                topic.gapCount(),
                                topic.duplicates(),
                                topic.conflicting(),
                                topic.undecodable(),
                                topic.outOfOrder()),
                topic.gaps());
    }

    private static CheckResult replicasEqual(Convergence.Result convergence, Duration limit) {
        return new CheckResult(
                "both query replicas equal the write model within " + RunLog.seconds(limit),
                convergence.replicasEqual().isPresent(),
                convergence
                        .replicasEqual()
                        .map(equal -> "every account's balance and version on both, " + RunLog.seconds(equal)
                                + " after the load")
                        .orElse("still different after " + RunLog.seconds(limit)),
                convergence.differences());
    }

    /** GET /ledger/totals on each replica against the write model's totals per currency. */
    private CheckResult totalsEqual(List<CurrencyTotal> written) throws InterruptedException {
        List<String> evidence = new ArrayList<>();
        for (PackagedService replica : cluster.queries()) {
            Optional<List<CurrencyTotal>> read = queries.totals(replica);
            if (!read.map(HashSet::new).equals(Optional.of(new HashSet<>(written)))) {
                CheckResult.note(
                        evidence,
                        replica.name() + " has " + read.map(Object::toString).orElse("no answer") + ", the write model "
                                + written);
            }
        }
        return new CheckResult(
                "read-side totals equal the write side",
                evidence.isEmpty(),
                "%d currencies on %d replicas: %d differ"
                        .formatted(written.size(), cluster.queries().size(), evidence.size()),
                evidence);
    }

    private static CheckResult noDeadLetters(TopicAudit.Result topic) {
        return new CheckResult(
                "the dead-letter topic is empty",
                topic.deadLetters() == 0,
                "%d records on ledger.account-events.dlq".formatted(topic.deadLetters()));
    }

    private CheckResult reconciles() throws IOException, InterruptedException {
        JobsRunner.Run run = cluster.jobs().run("reconcile", Duration.ofMinutes(3));
        return new CheckResult(
                "reconcile exits 0",
                run.exitCode() == 0,
                "exit %d: %s (%s)".formatted(run.exitCode(), run.summary(), run.log()));
    }
}
