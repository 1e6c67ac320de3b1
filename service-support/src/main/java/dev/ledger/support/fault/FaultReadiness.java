package dev.ledger.support.fault;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while the fault switch is on: the proxy's probe keeps its circuit open. */
@Readiness
public class FaultReadiness implements HealthCheck {

    private final FaultSwitch faults;

    public FaultReadiness(FaultSwitch faults) {
        this.faults = faults;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fault-switch")
                .status(!faults.failing())
                .build();
    }
}
