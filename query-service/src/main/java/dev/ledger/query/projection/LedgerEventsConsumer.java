package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.MalformedEvent;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ledger.account-events} (group {@code query-service}) into the read models.
 *
 * <ul>
 *   <li>A poll's records arrive together, and its events are applied in one statement, so in one
 *       round trip and one transaction (InOrderProjector#applyAll): what an event of a partition's
 *       backlog costs falls as the backlog grows. If that statement fails, it wrote nothing, and
 *       each event is applied alone.</li>
 *   <li>At-least-once: a poll is acknowledged, and its offsets become committable, only after the
 *       transaction that applied its events committed. Redelivered records are duplicates by
 *       version.</li>
 *   <li>A record that is not a valid event, or whose event the read model refuses, is nacked: the
 *       connector writes it to {@code ledger.account-events.dlq} with the reason in headers, and
 *       the partition moves on.</li>
 *   <li>An event ahead of its account is retried a few times, then parked (see InOrderProjector).</li>
 *   <li>While the database is unreachable the record is retried with back-off, holding its place:
 *       nothing is skipped and nothing goes to the dead-letter topic for an outage.</li>
 * </ul>
 */
@ApplicationScoped
public class LedgerEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerEventsConsumer.class);

    private final InOrderProjector projector;
    private final ProjectionMetrics metrics;
    private final ProjectionLag lag;
    private final ProjectionTracing tracing;

    public LedgerEventsConsumer(
            InOrderProjector projector, ProjectionMetrics metrics, ProjectionLag lag, ProjectionTracing tracing) {
        this.projector = projector;
        this.metrics = metrics;
        this.lag = lag;
        this.tracing = tracing;
    }

    @Incoming("account-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> poll) {
        List<Delivery> deliveries = poll.getRecords().stream()
                .map(record -> new Delivery(record, lag.received(record.getPartition())))
                .toList();
        return project(deliveries)
                .flatMap(projected -> Uni.createFrom().completionStage(poll.ack()))
                .eventually(() ->
                        deliveries.forEach(delivery -> delivery.partition().settled()));
    }

    /** Dead-letters the records that are not valid events, then applies the others together. */
    private Uni<Void> project(List<Delivery> deliveries) {
        List<Applying> events = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            try {
                AccountEvent event = decode(delivery.record());
                Optional<Span> first = events.stream().findFirst().map(Applying::span);
                events.add(new Applying(delivery, event, tracing.start(delivery.record(), event, first)));
            } catch (MalformedEvent e) {
                malformed.add(new Malformed(delivery, e));
            }
        }
        Uni<Void> deadLettered = inTurn(malformed.size(), i -> {
            Malformed record = malformed.get(i);
            LOG.warnf(
                    "dead-lettering a record that is not a valid account event: %s",
                    record.reason().getMessage());
            return deadLetter(record.delivery().record(), record.reason());
        });
        return events.isEmpty() ? deadLettered : deadLettered.chain(() -> applyTogether(events));
    }

    /**
     * One statement for all the events, so one round trip and one commit. If it fails, nothing of it
     * was written, and each event is applied alone: a transient failure is retried in place, and an
     * event the read model refuses is dead-lettered without holding back the others.
     */
    private Uni<Void> applyTogether(List<Applying> events) {
        return tracing.within(
                        events.getFirst().span(),
                        () -> projector.applyAll(
                                events.stream().map(Applying::event).toList()))
                .onItemOrFailure()
                .transformToUni((outcomes, failure) -> {
                    if (failure != null) {
                        LOG.warnf(
                                "applying %d events one by one, as together they failed: %s",
                                events.size(), failure.getMessage());
                    }
                    return inTurn(
                            events.size(),
                            i -> settle(
                                    events.get(i), failure == null ? Optional.of(outcomes.get(i)) : Optional.empty()));
                });
    }

    /** Counts the event's outcome, once it has one that is not a gap, and ends its span. */
    private Uni<Void> settle(Applying applying, Optional<ApplyOutcome> together) {
        AccountEvent event = applying.event();
        return tracing.within(
                        applying.span(),
                        () -> together.filter(outcome -> outcome != ApplyOutcome.GAP)
                                .map(outcome -> Uni.createFrom().item(outcome))
                                .orElseGet(() -> applyAlone(event))
                                // inside the span: the line carries the trace id
                                .invoke(outcome -> LOG.debugf(
                                        "event %s of account %s: %s", event.eventId(), event.accountId(), outcome)))
                .invoke(outcome -> {
                    metrics.record(outcome, event);
                    if (outcome == ApplyOutcome.APPLIED) {
                        applying.delivery().partition().applied(event.occurredAt());
                    }
                    tracing.end(applying.span(), outcome);
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(e -> {
                    tracing.end(applying.span(), e);
                    LOG.errorf(e, "dead-lettering event %s: the read model refused it", event.eventId());
                    return deadLetter(applying.delivery().record(), e);
                });
    }

    /**
     * Hands the record to the dead-letter topic, and tries again until the topic takes it: a failure
     * here would nack the whole poll, and so dead-letter its valid events too.
     */
    private Uni<Void> deadLetter(Message<String> record, Throwable reason) {
        metrics.deadLettered();
        return Uni.createFrom()
                .completionStage(() -> record.nack(reason))
                .onFailure()
                .invoke(e -> LOG.warnf("the dead-letter topic did not take a record yet, retrying: %s", e.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely();
    }

    /** The event by itself: after the gap retries (InOrderProjector), and retried in place while that fails transiently. */
    private Uni<ApplyOutcome> applyAlone(AccountEvent event) {
        return projector
                .apply(event)
                .onFailure(LedgerEventsConsumer::isTransient)
                .invoke(e ->
                        LOG.warnf("cannot apply event %s yet, retrying in place: %s", event.eventId(), e.getMessage()))
                .onFailure(LedgerEventsConsumer::isTransient)
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely();
    }

    /**
     * The steps 0..count-1, each once the one before it is done. A Multi's concatenation, not a chain
     * of Unis: most steps end at once, and a poll's hundreds of them chained would nest as deep.
     */
    private static Uni<Void> inTurn(int count, IntFunction<Uni<Void>> step) {
        return Multi.createFrom()
                .range(0, count)
                .onItem()
                .transformToUniAndConcatenate(i -> step.apply(i).replaceWith(i))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private record Delivery(KafkaRecord<String, String> record, ProjectionLag.PartitionProgress partition) {}

    private record Malformed(Delivery delivery, MalformedEvent reason) {}

    private record Applying(Delivery delivery, AccountEvent event, Span span) {}

    static AccountEvent decode(Message<String> record) {
        IncomingCloudEventMetadata<?> cloudEvent = record.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new MalformedEvent("not a CloudEvent: no ce_specversion, ce_type or ce_id headers"));
        Object schemaVersion = cloudEvent
                .getExtension(CloudEventAttributes.SCHEMA_VERSION_EXTENSION)
                .orElse(null);
        if (!CloudEventAttributes.SCHEMA_VERSION.equals(String.valueOf(schemaVersion))) {
            throw new MalformedEvent("unsupported schema version " + schemaVersion);
        }
        AccountEvent event = AccountEventCodec.fromJson(cloudEvent.getType(), record.getPayload());
        String subject = cloudEvent.getSubject().orElse(null);
        if (!event.accountId().toString().equals(subject)) {
            throw new MalformedEvent("ce_subject " + subject + " is not the event's account " + event.accountId());
        }
        return event;
    }

    /**
     * Worth retrying in place: anything but a PostgreSQL error about the data itself (class 22
     * data exception, 23 integrity violation, P0 raised by the projection).
     */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return !(state.startsWith("22") || state.startsWith("23") || state.startsWith("P0"));
        }
        return true;
    }
}
