package dev.ledger.support.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The services' sampler (Quarkus uses a {@link Sampler} bean in place of its configured one): a
 * span continues its parent's decision and a new trace is sampled, as with {@code
 * parentbased_always_on}, except a client span that would start a trace of its own. Those are the
 * database statements no request or record caused, the outbox relay's polls and the gauges'
 * queries, every few seconds: they would bury the traces of the commands.
 */
@ApplicationScoped
public class OrphanStatementSampler implements Sampler {

    private final Sampler parentBased = Sampler.parentBased(Sampler.alwaysOn());

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        boolean startsATrace = !Span.fromContext(parentContext).getSpanContext().isValid();
        if (startsATrace && spanKind == SpanKind.CLIENT) {
            return SamplingResult.drop();
        }
        return parentBased.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "OrphanStatementSampler{" + parentBased.getDescription() + "}";
    }
}
