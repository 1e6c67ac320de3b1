package dev.ledger.support.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanStatementSamplerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final OrphanStatementSampler sampler = new OrphanStatementSampler();

    @Test
    void shouldDropAStatementThatWouldStartATraceOfItsOwn() {
        assertEquals(SamplingDecision.DROP, decide(Context.root(), SpanKind.CLIENT));
    }

    @Test
    void shouldSampleARequestOrARecordThatStartsATrace() {
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(Context.root(), SpanKind.CONSUMER));
    }

    @Test
    void shouldFollowTheParentOfAStatementInsideATrace() {
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(parent(TraceFlags.getSampled()), SpanKind.CLIENT));
        assertEquals(SamplingDecision.DROP, decide(parent(TraceFlags.getDefault()), SpanKind.CLIENT));
    }

    private SamplingDecision decide(Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE_ID, "SELECT account", kind, Attributes.empty(), List.of())
                .getDecision();
    }

    private static Context parent(TraceFlags flags) {
        SpanContext remote =
                SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", flags, TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }
}
