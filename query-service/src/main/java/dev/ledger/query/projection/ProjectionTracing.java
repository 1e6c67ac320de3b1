package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The projection's span, one per event: a child of the Kafka connector's receive span, which
 * continues the command's trace from the record's {@code traceparent} header. A poll's events are
 * applied by one statement, which runs under the first event's span; the span of every other event
 * of the poll links to that one. An event applied alone afterwards (a gap, or a failed statement)
 * has its own statements under its own span.
 *
 * <p>Each poll is handled on a Vert.x context of its own; a span is current there while its work
 * runs, so the statements hang under it. Off such a context it would stay current on a shared
 * event-loop thread, so there it is not made current.
 */
@ApplicationScoped
public class ProjectionTracing {

    private final Tracer tracer;

    public ProjectionTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the event's span; {@code appliedWith} is the span of the poll's first event, if this is not it. */
    Span start(Message<?> record, AccountEvent event, Optional<Span> appliedWith) {
        Context received = TracingMetadata.fromMessage(record)
                .map(TracingMetadata::getCurrentContext)
                .orElseGet(Context::current);
        SpanBuilder span = tracer.spanBuilder("apply " + event.type().ceType())
                .setParent(received)
                .setAttribute("ledger.event.id", event.eventId().toString())
                .setAttribute("ledger.account.id", event.accountId().toString())
                .setAttribute("ledger.event.version", event.version());
        appliedWith.ifPresent(first -> span.addLink(first.getSpanContext()));
        return span.startSpan();
    }

    /** Runs the work with the span current, so that its statements and log lines carry it. */
    <T> Uni<T> within(Span span, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Scope scope = VertxContext.isOnDuplicatedContext() ? span.makeCurrent() : Scope.noop();
            return work.get().onTermination().invoke(scope::close);
        });
    }

    /** The event's outcome; ends its span. */
    void end(Span span, ApplyOutcome outcome) {
        span.setAttribute("ledger.projection.outcome", outcome.name());
        span.end();
    }

    /** The event could not be applied; ends its span as an error. */
    void end(Span span, Throwable failure) {
        span.recordException(failure).setStatus(StatusCode.ERROR);
        span.end();
    }
}
