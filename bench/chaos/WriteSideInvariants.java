import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * The invariants of the write side, held against what the clients were told, as Jepsen's bank test
 * holds a bank to its books: money is conserved, an acknowledged transfer is never lost, a retried
 * one never applied twice, a key never answered two ways, a refusal changes nothing, and the outbox
 * is published.
 */
final class WriteSideInvariants {

    /** Decided transfers sent again at the end besides those that needed retries, at random. */
    private static final int SAMPLED_REPEATS = 200;

    private static final int MAX_REPEATS = 2_000;

    private final Cluster cluster;
    private final CommandApi commands;
    private final Outcomes outcomes;
    private final List<UUID> accounts;
    private final Random random;

    WriteSideInvariants(Cluster cluster, CommandApi commands, Outcomes outcomes, List<UUID> accounts, long seed) {
        this.cluster = cluster;
        this.commands = commands;
        this.outcomes = outcomes;
        this.accounts = accounts;
        this.random = new Random(seed);
    }

    List<CheckResult> check(Convergence.Result convergence) throws SQLException, InterruptedException {
        Map<UUID, QueryApi.AccountState> written;
        List<WriteModel.TransferRow> transfers;
        Map<String, Integer> stored;
        long unpublished;
        try (Connection db = cluster.commandDatabase()) {
            written = WriteModel.accounts(db);
            transfers = WriteModel.transfers(db);
            stored = WriteModel.storedAnswers(db);
            unpublished = WriteModel.unpublishedEvents(db);
        }
        Map<String, List<WriteModel.TransferRow>> byReference = new HashMap<>();
        for (WriteModel.TransferRow row : transfers) {
            byReference
                    .computeIfAbsent(Objects.toString(row.reference(), ""), reference -> new ArrayList<>())
                    .add(row);
        }
        return List.of(
                moneyConserved(written, transfers),
                acknowledgedExactlyOnce(byReference),
                oneAnswerPerKey(stored),
                nothingBeyondAsked(byReference),
                outboxPublished(unpublished, convergence));
    }

    /** The accounts hold what they were opened with, none is negative, and each balance is its transfers' sum. */
    private CheckResult moneyConserved(
            Map<UUID, QueryApi.AccountState> written, List<WriteModel.TransferRow> transfers) {
        long opened = accounts.size() * AccountSetup.OPENING_DEPOSIT;
        long held = written.values().stream()
                .mapToLong(QueryApi.AccountState::balance)
                .sum();
        long negative = written.values().stream()
                .filter(account -> account.balance() < 0)
                .count();
        Map<UUID, Long> moved = new HashMap<>();
        for (WriteModel.TransferRow row : transfers) {
            moved.merge(row.from(), -row.amount(), Long::sum);
            moved.merge(row.to(), row.amount(), Long::sum);
        }
        long unexplained = written.entrySet().stream()
                .filter(account -> account.getValue().balance()
                        != AccountSetup.OPENING_DEPOSIT + moved.getOrDefault(account.getKey(), 0L))
                .count();
        return new CheckResult(
                "money conserved, no negative balance",
                held == opened && negative == 0 && unexplained == 0 && written.size() == accounts.size(),
                ("%d accounts hold %d, opened with %d; %d negative; %d not their opening deposit plus the"
                                + " transfer rows in and out")
                        .formatted(written.size(), held, opened, negative, unexplained));
    }

    /** Each acknowledged transfer is one row, the one its answer named; no key of any outcome has two. */
    private CheckResult acknowledgedExactlyOnce(Map<String, List<WriteModel.TransferRow>> byReference) {
        long acknowledged = 0;
        long missing = 0;
        long unlike = 0;
        List<String> evidence = new ArrayList<>();
        for (Outcomes.Outcome outcome : outcomes.all()) {
            if (!outcome.acknowledged()) {
                continue;
            }
            acknowledged++;
            List<WriteModel.TransferRow> rows = byReference.getOrDefault(outcome.request.key(), List.of());
            if (rows.isEmpty()) {
                missing++;
                CheckResult.note(
                        evidence, "acknowledged but not there: " + outcome.request + " answered " + outcome.answer);
            } else if (rows.stream().noneMatch(row -> matches(row, outcome))) {
                unlike++;
                CheckResult.note(evidence, "acknowledged as " + outcome.transferId + " but stored as " + rows);
            }
        }
        long appliedTwice =
                byReference.values().stream().filter(rows -> rows.size() > 1).count();
        byReference.values().stream()
                .filter(rows -> rows.size() > 1)
                .forEach(rows -> CheckResult.note(evidence, "one key, " + rows.size() + " transfers: " + rows));
        return new CheckResult(
                "every acknowledged transfer exists exactly once",
                missing == 0 && unlike == 0 && appliedTwice == 0,
                "%d acknowledged: %d missing, %d unlike their request or answer; %d keys applied more than once"
                        .formatted(acknowledged, missing, unlike, appliedTwice),
                evidence);
    }

    private static boolean matches(WriteModel.TransferRow row, Outcomes.Outcome outcome) {
        return row.id().equals(outcome.transferId)
                && row.from().equals(outcome.request.from())
                && row.to().equals(outcome.request.to())
                && row.amount() == outcome.request.amount();
    }

    /**
     * Every later answer to a decided key was its first answer byte for byte: the repeats during the
     * load, a replay now of every key that needed retries and of a sample of the others, and the
     * status the ledger stored with the key.
     */
    private CheckResult oneAnswerPerKey(Map<String, Integer> stored) throws InterruptedException {
        long repeatedInRun = outcomes.repeats();
        List<Outcomes.Outcome> decided = new ArrayList<>(
                outcomes.all().stream().filter(outcome -> !outcome.unanswered()).toList());
        Collections.shuffle(decided, random);
        List<Outcomes.Outcome> replay = new ArrayList<>(
                decided.stream().filter(outcome -> outcome.attempts > 1).toList());
        decided.stream()
                .filter(outcome -> outcome.attempts == 1)
                .limit(SAMPLED_REPEATS)
                .forEach(replay::add);
        replay = replay.subList(0, Math.min(replay.size(), MAX_REPEATS));
        for (Outcomes.Outcome outcome : replay) {
            Outcomes.TransferRequest request = outcome.request;
            outcomes.repeated(request.key(), commands.deliver("/transfers", request.json(), request.key(), random));
        }
        long storedOtherwise = 0;
        List<String> evidence = new ArrayList<>();
        for (Outcomes.Outcome outcome : decided) {
            Integer status = stored.get(outcome.request.key());
            if (status == null || status != outcome.answer.status()) {
                storedOtherwise++;
                CheckResult.note(
                        evidence,
                        "answered " + outcome.answer.status() + ", stored " + status + ": " + outcome.request);
            }
        }
        long twoWays = 0;
        // a client sends one request per key, so "reused" means the ledger lost track of its own
        long refusedAsReused = 0;
        for (Outcomes.Outcome outcome : decided) {
            if (!outcome.contradictions.isEmpty()) {
                twoWays++;
                CheckResult.note(evidence, "first " + outcome.answer + ", then " + outcome.contradictions.get(0));
            }
            if (outcome.refused() && outcome.answer.problemType().equals("idempotency-key-reused")) {
                refusedAsReused++;
                CheckResult.note(evidence, "refused as reused, sent with one request only: " + outcome.request);
            }
        }
        return new CheckResult(
                "no Idempotency-Key answered two ways",
                twoWays == 0 && storedOtherwise == 0 && refusedAsReused == 0,
                ("%d keys decided; asked again: %d during the load, %d at the end; %d answered two ways; %d"
                                + " stored with another status or none; %d refused as reused")
                        .formatted(
                                decided.size(), repeatedInRun, replay.size(), twoWays, storedOtherwise, refusedAsReused),
                evidence);
    }

    /** Every transfer row was asked for and not refused: acknowledged, or unanswered (it may have run). */
    private CheckResult nothingBeyondAsked(Map<String, List<WriteModel.TransferRow>> byReference) {
        long rows = 0;
        long ofAcknowledged = 0;
        long ofUnanswered = 0;
        long ofRefused = 0;
        long unasked = 0;
        List<String> evidence = new ArrayList<>();
        for (Map.Entry<String, List<WriteModel.TransferRow>> reference : byReference.entrySet()) {
            rows += reference.getValue().size();
            Outcomes.Outcome outcome = outcomes.get(reference.getKey());
            if (outcome == null) {
                unasked += reference.getValue().size();
                CheckResult.note(evidence, "no client asked for " + reference.getValue());
            } else if (outcome.refused()) {
                ofRefused += reference.getValue().size();
                CheckResult.note(evidence, "refused with " + outcome.answer + " but made: " + reference.getValue());
            } else if (outcome.unanswered()) {
                ofUnanswered += reference.getValue().size();
            } else {
                ofAcknowledged += reference.getValue().size();
            }
        }
        return new CheckResult(
                "no transfer beyond acknowledged plus unanswered",
                ofRefused == 0 && unasked == 0,
                ("%d transfer rows: %d acknowledged, %d of the %d unanswered requests, %d refused, %d no"
                                + " client asked for")
                        .formatted(rows, ofAcknowledged, ofUnanswered, outcomes.unanswered(), ofRefused, unasked),
                evidence);
    }

    private static CheckResult outboxPublished(long unpublished, Convergence.Result convergence) {
        return new CheckResult(
                "the outbox is fully published",
                unpublished == 0,
                "%d unpublished rows; %s"
                        .formatted(
                                unpublished,
                                convergence
                                        .outboxDrained()
                                        .map(drained -> "drained " + RunLog.seconds(drained) + " after the load")
                                        .orElse("not drained within the limit")));
    }
}
