package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricNamesTest {

    @Test
    void shouldAcceptNamesThatFollowTheConventions() {
        String scrape = """
                # TYPE ledger_transfers_total counter
                ledger_transfers_total 3.0
                # TYPE ledger_commands_refused counter
                ledger_commands_refused_total{reason="insufficient-funds"} 1.0 # {span_id="a",trace_id="b"} 1.0 1.7E9
                # TYPE ledger_outbox_pending gauge
                # TYPE ledger_outbox_oldest_age_seconds gauge
                # TYPE ledger_outbox_publish_latency_seconds histogram
                # TYPE ledger_outbox_publish_latency_seconds_max gauge
                # TYPE http_server_requests_seconds histogram
                """;
        assertEquals(List.of(), MetricNames.problems(scrape, "ledger_"));
    }

    @Test
    void shouldReportEachBrokenConvention() {
        String scrape = """
                # TYPE ledger_outbox_pending_total gauge
                # TYPE ledger_projection_lag gauge
                # TYPE ledger_publish_latency_ms histogram
                # TYPE ledger_Outbox_size gauge
                """;
        assertEquals(
                List.of(
                        "ledger_outbox_pending_total: a gauge must not end in _total",
                        "ledger_projection_lag: a time must be in seconds and end in _seconds",
                        "ledger_publish_latency_ms: not in a base unit (seconds, bytes, ratios)",
                        "ledger_publish_latency_ms: a time must be in seconds and end in _seconds",
                        "ledger_publish_latency_ms: a histogram's name ends in its unit",
                        "ledger_Outbox_size: not snake case"),
                MetricNames.problems(scrape, "ledger_"));
    }
}
