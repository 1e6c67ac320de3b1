package dev.ledger.devstack;

import java.time.Duration;
import java.util.Map;

/**
 * One span as {@link TraceCollector} received it: ids in lower-case hex, the parent's empty for a
 * root span, the kind without its {@code SPAN_KIND_} prefix, attributes as text.
 */
public record CollectedSpan(
        String service,
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        String kind,
        long startNanos,
        long endNanos,
        boolean error,
        Map<String, String> attributes) {

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public Duration duration() {
        return Duration.ofNanos(endNanos - startNanos);
    }
}
