package dev.ledger.command.transfer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code ledger_transfers_total}: transfers made, the business view's throughput. Counted when the
 * transfer is written in the command's transaction; a replayed request (same Idempotency-Key) is
 * not counted again. A transaction that then fails to commit was counted and answered 5xx.
 */
@ApplicationScoped
public class TransferMetrics {

    private final Counter made;

    public TransferMetrics(MeterRegistry registry) {
        made = Counter.builder("ledger.transfers").description("Transfers made").register(registry);
    }

    void made() {
        made.increment();
    }
}
