package dev.ledger.command.problem;

import dev.ledger.support.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code ledger_commands_refused_total{reason}}: commands answered with a problem because they broke
 * a rule of the ledger or failed validation, by problem type (the {@code reason} is the
 * type's slug, e.g. {@code insufficient-funds}). Replays of a remembered refusal are not counted
 * again; reads (GET) are not commands.
 */
@ApplicationScoped
public class RefusedCommands {

    private final MeterRegistry registry;

    public RefusedCommands(MeterRegistry registry) {
        this.registry = registry;
    }

    void refused(ProblemType type) {
        Counter.builder("ledger.commands.refused")
                .tag("reason", type.slug())
                .description("Commands refused, by problem type")
                .register(registry)
                .increment();
    }
}
