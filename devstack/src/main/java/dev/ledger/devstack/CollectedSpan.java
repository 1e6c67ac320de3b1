package dev.ledger.devstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One span as {@link TraceCollector} received it: ids in lower-case hex, the parent's empty for a
 * root span, the kind without its {@code SPAN_KIND_} prefix, attributes as text, and the ids of the
 * spans it links to.
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
        Map<String, String> attributes,
        List<String> linkedSpanIds) {

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public Duration duration() {
        return Duration.ofNanos(endNanos - startNanos);
    }
}
