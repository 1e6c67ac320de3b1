import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * After the load: how long until the relay has published the whole outbox, and until both query
 * replicas answer every account exactly as the write model has it (balance and version). The write
 * model no longer changes then, so each round compares against a fixed target.
 */
final class Convergence {

    /**
     * @param outboxDrained when the outbox had no unpublished row left, empty if not within the limit
     * @param replicasEqual when both replicas first equalled the write model, empty if not within the limit
     * @param differences   what still differed in the last round, a few lines of it
     */
    record Result(Optional<Duration> outboxDrained, Optional<Duration> replicasEqual, List<String> differences) {}

    private Convergence() {}

    static Result await(Cluster cluster, QueryApi queries, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Duration drained = null;
        List<String> differences = List.of();
        while (System.nanoTime() < deadline) {
            try (Connection db = cluster.commandDatabase()) {
                if (drained == null && WriteModel.unpublishedEvents(db) == 0) {
                    drained = Duration.ofNanos(System.nanoTime() - start);
                }
                differences = differences(queries, cluster.queries(), WriteModel.accounts(db));
                if (drained != null && differences.isEmpty()) {
                    return new Result(
                            Optional.of(drained), Optional.of(Duration.ofNanos(System.nanoTime() - start)), List.of());
                }
            } catch (SQLException e) {
                differences = List.of("the write model cannot be read: " + e.getMessage());
            }
            Thread.sleep(500);
        }
        return new Result(Optional.ofNullable(drained), Optional.empty(), differences);
    }

    private static List<String> differences(
            QueryApi queries, List<PackagedService> replicas, Map<UUID, QueryApi.AccountState> written)
            throws InterruptedException {
        List<String> differences = new ArrayList<>();
        for (PackagedService replica : replicas) {
            for (Map.Entry<UUID, QueryApi.AccountState> account : written.entrySet()) {
                Optional<QueryApi.AccountState> read = queries.account(replica, account.getKey());
                if (!read.equals(Optional.of(account.getValue()))) {
                    CheckResult.note(
                            differences,
                            replica.name() + " has account " + account.getKey() + " "
                                    + read.map(Object::toString).orElse("not at all") + ", the write model "
                                    + account.getValue());
                }
            }
        }
        return differences;
    }
}
