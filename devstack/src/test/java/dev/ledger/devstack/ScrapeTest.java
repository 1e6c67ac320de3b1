package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeTest {

    @Test
    void shouldReadEachSampleWithoutItsExemplar() {
        String scrape = """
                # TYPE ledger_transfers counter
                ledger_transfers_total 52.0 # {span_id="a11e2f18ff50f9f2",trace_id="e047fcc0e3052ce8"} 1.0 1795639088.459
                ledger_commands_refused_total{reason="insufficient-funds"} 3.0 # {span_id="b"} 1.0 1795639088.5
                http_server_requests_seconds_count{method="GET",uri="/accounts/{id}",status="200"} 7.0
                ledger_outbox_pending 0.0
                """;
        assertEquals(
                Map.of(
                        "ledger_transfers_total", 52.0,
                        "ledger_commands_refused_total{reason=\"insufficient-funds\"}", 3.0,
                        "http_server_requests_seconds_count{method=\"GET\",uri=\"/accounts/{id}\",status=\"200\"}", 7.0,
                        "ledger_outbox_pending", 0.0),
                Scrape.samples(scrape));
    }
}
