package dev.ledger.command.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries a command's trace context through the outbox: captured in W3C form when the row is
 * written, restored as the parent of the relay's Kafka send, however much later that happens.
 */
final class OutboxTracing {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    /** A row's trace context in its W3C form; both fields null when the command was not traced. */
    record TraceHeaders(String traceParent, String traceState) {}

    private static final TextMapGetter<TraceHeaders> FROM_ROW = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceHeaders headers) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceHeaders headers, String key) {
            if (headers == null) {
                return null;
            }
            return switch (key) {
                case TRACEPARENT -> headers.traceParent();
                case TRACESTATE -> headers.traceState();
                default -> null;
            };
        }
    };

    private OutboxTracing() {}

    /** The trace context current where the command runs. */
    static TraceHeaders current() {
        Map<String, String> headers = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return new TraceHeaders(headers.get(TRACEPARENT), headers.get(TRACESTATE));
    }

    /** The command's context, as the parent of what the relay does with its row. */
    static Context parentOf(TraceHeaders headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, FROM_ROW);
    }
}
