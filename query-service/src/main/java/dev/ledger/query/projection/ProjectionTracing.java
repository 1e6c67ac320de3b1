package dev.ledger.query.projection;

import dev.ledger.contracts.AccountEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The projection's span, one per record: a child of the Kafka connector's receive span, which
 * continues the command's trace from the record's {@code traceparent} header. Each record is
 * handled on a Vert.x context of its own; the span stays current there until the record is applied,
 * so the statements of the projection's transaction hang under it. Off such a context it would stay
 * current on a shared event-loop thread, so there it is not made current.
 */
@ApplicationScoped
public class ProjectionTracing {

    private final Tracer tracer;

    public ProjectionTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    <T> Uni<T> apply(Message<?> record, AccountEvent event, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context received = TracingMetadata.fromMessage(record)
                    .map(TracingMetadata::getCurrentContext)
                    .orElseGet(Context::current);
            Span span = tracer.spanBuilder("apply " + event.type().ceType())
                    .setParent(received)
                    .setAttribute("ledger.event.id", event.eventId().toString())
                    .setAttribute("ledger.account.id", event.accountId().toString())
                    .setAttribute("ledger.event.version", event.version())
                    .startSpan();
            Scope scope = VertxContext.isOnDuplicatedContext() ? span.makeCurrent() : Scope.noop();
            return work.get()
                    .invoke(outcome -> span.setAttribute("ledger.projection.outcome", String.valueOf(outcome)))
                    .onFailure()
                    .invoke(failure -> span.recordException(failure).setStatus(StatusCode.ERROR))
                    .onTermination()
                    .invoke(() -> {
                        scope.close();
                        span.end();
                    });
        });
    }
}
