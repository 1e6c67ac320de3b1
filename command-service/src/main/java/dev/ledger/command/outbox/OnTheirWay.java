package dev.ledger.command.outbox;

import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The batches handed to Kafka and not marked published yet, in the order they were sent, and their
 * marks. One mark runs at a time and covers every batch at the head that Kafka has answered by then,
 * so marks never fall behind the sends however many small batches a busy relay sends.
 */
final class OnTheirWay {

    private record Batch(
            List<PendingEvent> events, CompletableFuture<List<Boolean>> acks, CompletableFuture<List<Long>> marked) {}

    private final Queue<Batch> batches = new ConcurrentLinkedQueue<>();
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean marking = new AtomicBoolean();
    /** The ids of a batch that may be marked, given Kafka's answer for each of its events. */
    private final BiFunction<List<PendingEvent>, List<Boolean>, List<Long>> markable;
    /** Marks ids published; completes with the rows marked. */
    private final Function<List<Long>, Uni<Integer>> mark;

    OnTheirWay(
            BiFunction<List<PendingEvent>, List<Boolean>, List<Long>> markable,
            Function<List<Long>, Uni<Integer>> mark) {
        this.markable = markable;
        this.mark = mark;
    }

    /** Adds a batch just handed to Kafka; the future completes with the ids of its rows marked. */
    CompletableFuture<List<Long>> add(List<PendingEvent> events, CompletableFuture<List<Boolean>> acks) {
        Batch batch = new Batch(events, acks, new CompletableFuture<>());
        events.forEach(event -> ids.add(event.id()));
        batches.add(batch);
        acks.whenComplete((answers, failure) -> markAnswered());
        return batch.marked();
    }

    /** The ids of the rows on their way, which a read leaves out. */
    Set<Long> ids() {
        return Collections.unmodifiableSet(ids);
    }

    int rows() {
        return ids.size();
    }

    /** Completes once the oldest batch on its way is marked (at once when none is). */
    CompletableFuture<List<Long>> oldestMarked() {
        Batch oldest = batches.peek();
        return oldest == null ? CompletableFuture.completedFuture(List.of()) : oldest.marked();
    }

    /** Completes once every batch on its way now is marked (marks run in order). */
    CompletableFuture<List<Long>> allMarked() {
        Batch newest = null;
        for (Batch batch : batches) {
            newest = batch;
        }
        return newest == null ? CompletableFuture.completedFuture(List.of()) : newest.marked();
    }

    private void markAnswered() {
        while (marking.compareAndSet(false, true)) {
            List<Batch> answered = new ArrayList<>();
            for (Batch batch : batches) {
                if (!batch.acks().isDone()) {
                    break;
                }
                answered.add(batch);
            }
            if (!answered.isEmpty()) {
                markAll(answered);
                return;
            }
            marking.set(false);
            Batch oldest = batches.peek();
            // an answer that came after the look above but before the flag fell would wait for the next one
            if (oldest == null || !oldest.acks().isDone()) {
                return;
            }
        }
    }

    private void markAll(List<Batch> answered) {
        List<List<Long>> markableIds = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (Batch batch : answered) {
            List<Long> batchIds = markable.apply(batch.events(), answers(batch));
            markableIds.add(batchIds);
            all.addAll(batchIds);
        }
        mark.apply(all)
                .subscribe()
                .with(rows -> marked(answered, markableIds, null), failure -> marked(answered, markableIds, failure));
    }

    private void marked(List<Batch> answered, List<List<Long>> markableIds, Throwable failure) {
        for (int i = 0; i < answered.size(); i++) {
            Batch batch = answered.get(i);
            batches.remove(batch);
            batch.events().forEach(event -> ids.remove(event.id()));
            if (failure == null) {
                batch.marked().complete(markableIds.get(i));
            } else {
                batch.marked().completeExceptionally(failure);
            }
        }
        marking.set(false);
        markAnswered();
    }

    /** Kafka's answer per event; a batch whose sending failed as a whole counts as refused. */
    private static List<Boolean> answers(Batch batch) {
        return batch.acks().isCompletedExceptionally()
                ? Collections.nCopies(batch.events().size(), false)
                : batch.acks().join();
    }
}
