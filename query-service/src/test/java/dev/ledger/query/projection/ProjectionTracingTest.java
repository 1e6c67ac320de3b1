package dev.ledger.query.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.devstack.CollectedSpan;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TraceCollector;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The projection's spans for a poll of several events: one per event, each under its record's
 * receive span; the poll's one statement under the first event's span, which the others link to.
 * The service exports its spans to a {@link TraceCollector} of this test's own.
 */
@QuarkusTest
@WithTestResource(QueryStackResource.class)
@WithTestResource(ProjectionTracingTest.Collector.class)
class ProjectionTracingTest {

    @Test
    void shouldApplyAPollsEventsUnderTheFirstEventsSpanWhichTheOthersLink() {
        List<Events> accounts = ProjectionTest.inOnePartition(Events.uniqueCurrency(), 2);
        AccountEvent first = accounts.get(0).opened("mia");
        AccountEvent second = accounts.get(1).opened("noah");
        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publishTogether(first, second);
        }

        CollectedSpan firstApply = await().atMost(Duration.ofSeconds(30))
                .until(() -> applySpan(first), Optional::isPresent)
                .orElseThrow();
        CollectedSpan secondApply = await().atMost(Duration.ofSeconds(30))
                .until(() -> applySpan(second), Optional::isPresent)
                .orElseThrow();
        List<CollectedSpan> spans = Collector.running.spans();
        String trees = TraceCollector.tree(Collector.running.trace(firstApply.traceId())) + "\n"
                + TraceCollector.tree(Collector.running.trace(secondApply.traceId()));

        assertEquals(List.of(), firstApply.linkedSpanIds(), trees);
        assertEquals(
                List.of(firstApply.spanId()), secondApply.linkedSpanIds(), "the second links the first:\n" + trees);
        assertEquals(1, statementsUnder(spans, firstApply), "the poll's one statement, under the first:\n" + trees);
        assertEquals(0, statementsUnder(spans, secondApply), trees);
        for (CollectedSpan apply : List.of(firstApply, secondApply)) {
            assertEquals("APPLIED", apply.attributes().get("ledger.projection.outcome"), trees);
            assertTrue(
                    spans.stream()
                            .anyMatch(span -> span.spanId().equals(apply.parentSpanId())
                                    && span.kind().equals("CONSUMER")),
                    "each under its record's receive span:\n" + trees);
        }
    }

    private static Optional<CollectedSpan> applySpan(AccountEvent event) {
        return Collector.running.spans().stream()
                .filter(span -> span.name().startsWith("apply ")
                        && event.eventId().toString().equals(span.attributes().get("ledger.event.id")))
                .findFirst();
    }

    private static long statementsUnder(List<CollectedSpan> spans, CollectedSpan parent) {
        return spans.stream()
                .filter(span -> span.parentSpanId().equals(parent.spanId())
                        && span.kind().equals("CLIENT"))
                .count();
    }

    /** Starts the collector, and turns tracing on with it as the exporter's endpoint. */
    public static class Collector implements QuarkusTestResourceLifecycleManager {

        static TraceCollector running;

        @Override
        public Map<String, String> start() {
            running = TraceCollector.start(0);
            return running.exporterSettings();
        }

        @Override
        public void stop() {
            running.close();
        }
    }
}
