package dev.ledger.query.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code ledger_read_your_writes_total{outcome="visible"|"not_yet_visible"}}: reads with
 * X-Min-Version by whether the client saw its own write in time. The share of not_yet_visible is a
 * business measure of a release (the MetricTemplate ledger-not-yet-visible); both series exist
 * from the start, so a share of 0 reads as 0 and not as no data.
 */
@ApplicationScoped
public class ReadYourWritesMetrics {

    private final Counter visible;
    private final Counter notYetVisible;

    public ReadYourWritesMetrics(MeterRegistry registry) {
        visible = counter(registry, "visible");
        notYetVisible = counter(registry, "not_yet_visible");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("ledger.read.your.writes")
                .tag("outcome", outcome)
                .description("Reads with X-Min-Version by whether the version was reached in time")
                .register(registry);
    }

    void visible() {
        visible.increment();
    }

    void notYetVisible() {
        notYetVisible.increment();
    }
}
