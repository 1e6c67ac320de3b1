package dev.ledger.command.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.command.outbox.OutboxRepository.PendingEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Marks follow the order of the sends, one at a time, each covering every batch Kafka has answered. */
class OnTheirWayTest {

    private final List<List<Long>> marks = new ArrayList<>();
    private final List<UniEmitter<? super Integer>> runningMarks = new ArrayList<>();
    private final OnTheirWay onTheirWay = new OnTheirWay((events, answers) -> ids(events), ids -> {
        marks.add(ids);
        return Uni.createFrom().emitter(runningMarks::add);
    });

    @Test
    void shouldMarkNothingBeforeTheOldestBatchIsAnsweredThenEveryAnsweredBatchInOneMark() {
        CompletableFuture<List<Boolean>> firstAcks = new CompletableFuture<>();
        CompletableFuture<List<Boolean>> secondAcks = new CompletableFuture<>();
        CompletableFuture<List<Long>> first = onTheirWay.add(batch(1, 2), firstAcks);
        CompletableFuture<List<Long>> second = onTheirWay.add(batch(3), secondAcks);
        assertEquals(3, onTheirWay.rows());

        secondAcks.complete(List.of(true));
        assertTrue(marks.isEmpty(), "the batch before it is not answered yet");
        firstAcks.complete(List.of(true, true));
        assertEquals(List.of(List.of(1L, 2L, 3L)), marks, "one mark for both");

        runningMarks.getFirst().complete(3);
        assertEquals(List.of(1L, 2L), first.join());
        assertEquals(List.of(3L), second.join());
        assertEquals(0, onTheirWay.rows());
    }

    @Test
    void shouldRunOneMarkAtATimeAndCoverWhatKafkaAnsweredMeanwhile() {
        CompletableFuture<List<Long>> first =
                onTheirWay.add(batch(1), CompletableFuture.completedFuture(List.of(true)));
        assertEquals(List.of(List.of(1L)), marks);
        CompletableFuture<List<Long>> second =
                onTheirWay.add(batch(2), CompletableFuture.completedFuture(List.of(true)));
        CompletableFuture<List<Long>> third =
                onTheirWay.add(batch(3), CompletableFuture.completedFuture(List.of(true)));
        assertEquals(1, marks.size(), "the first mark still runs");
        assertFalse(onTheirWay.oldestMarked().isDone());

        runningMarks.getFirst().complete(1);
        assertTrue(first.isDone());
        assertEquals(List.of(List.of(1L), List.of(2L, 3L)), marks, "the next mark covers both answered meanwhile");
        assertFalse(third.isDone());
        runningMarks.get(1).complete(2);
        assertEquals(List.of(2L), second.join());
        assertEquals(List.of(3L), third.join());
        assertTrue(onTheirWay.allMarked().isDone());
    }

    @Test
    void shouldLetTheRowsOfAFailedMarkBeReadAgain() {
        CompletableFuture<List<Long>> batch =
                onTheirWay.add(batch(7), CompletableFuture.completedFuture(List.of(true)));
        runningMarks.getFirst().fail(new IllegalStateException("connection closed"));
        assertTrue(batch.isCompletedExceptionally());
        assertTrue(onTheirWay.ids().isEmpty(), "no longer on its way: the next read takes it again");
    }

    private static List<PendingEvent> batch(long... ids) {
        List<PendingEvent> events = new ArrayList<>();
        for (long id : ids) {
            events.add(new PendingEvent(
                    id,
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    "MoneyDeposited",
                    "{}",
                    Instant.EPOCH,
                    new OutboxTracing.TraceHeaders(null, null)));
        }
        return events;
    }

    private static List<Long> ids(List<PendingEvent> events) {
        return events.stream().map(PendingEvent::id).toList();
    }
}
