package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.MalformedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ledger.account-events} (group {@code query-service}) into the read models.
 *
 * <ul>
 *   <li>At-least-once: a record is acknowledged, and its offset becomes committable, only after the
 *       transaction that applied it committed. Redelivered records are duplicates by version.</li>
 *   <li>A record that is not a valid event is nacked: the connector writes it to
 *       {@code ledger.account-events.dlq} with the reason in headers, and the partition moves on.</li>
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
    public Uni<Void> consume(Message<String> record) {
        ProjectionLag.PartitionProgress partition = lag.received(partition(record));
        return project(record, partition).eventually(partition::settled);
    }

    private Uni<Void> project(Message<String> record, ProjectionLag.PartitionProgress partition) {
        AccountEvent event;
        try {
            event = decode(record);
        } catch (MalformedEvent e) {
            metrics.deadLettered();
            LOG.warnf("dead-lettering a record that is not a valid account event: %s", e.getMessage());
            return Uni.createFrom().completionStage(record.nack(e));
        }
        return tracing.apply(
                        record,
                        event,
                        () -> projector
                                .apply(event)
                                .onFailure(LedgerEventsConsumer::isTransient)
                                .invoke(e -> LOG.warnf(
                                        "cannot apply event %s yet, retrying in place: %s",
                                        event.eventId(), e.getMessage()))
                                .onFailure(LedgerEventsConsumer::isTransient)
                                .retry()
                                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                                .indefinitely()
                                // inside the span: the line carries the trace id
                                .invoke(outcome -> LOG.debugf(
                                        "event %s of account %s: %s", event.eventId(), event.accountId(), outcome)))
                .invoke(outcome -> {
                    metrics.record(outcome, event);
                    if (outcome == ApplyOutcome.APPLIED) {
                        partition.applied(event.occurredAt());
                    }
                })
                .flatMap(outcome -> Uni.createFrom().completionStage(record.ack()))
                .onFailure()
                .recoverWithUni(e -> {
                    metrics.deadLettered();
                    LOG.errorf(e, "dead-lettering event %s: the read model refused it", event.eventId());
                    return Uni.createFrom().completionStage(record.nack(e));
                });
    }

    private static int partition(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a record without Kafka metadata"))
                .getPartition();
    }

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
