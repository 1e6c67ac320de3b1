package dev.ledger.support.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Publishes {@code http_server_requests_seconds_bucket} for a few fixed bounds in both services, so
 * that Prometheus can compute latency percentiles and SLOs: a query-side canary's p99 (the
 * MetricTemplate ledger-latency-p99) and the share of commands answered within 250 ms (the
 * monitoring component's latency SLO alerts). Fixed bounds rather than Micrometer's percentile
 * histogram: nine series per route and status instead of about seventy.
 */
public class HttpLatencyHistogram {

    static final Duration[] BOUNDS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    @Produces
    @Singleton
    MeterFilter httpServerRequestBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(
                                Stream.of(BOUNDS).mapToDouble(Duration::toNanos).toArray())
                        .build()
                        .merge(config);
            }
        };
    }
}
