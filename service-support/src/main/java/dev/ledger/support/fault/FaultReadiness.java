package dev.ledger.support.fault;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN while the fault switch fails every request: the proxy's probe keeps its circuit
 * open. A partial share leaves the service ready, as a release that fails some requests would be.
 */
@Readiness
public class FaultReadiness implements HealthCheck {

    private final FaultSwitch faults;

    public FaultReadiness(FaultSwitch faults) {
        this.faults = faults;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fault-switch")
                .status(faults.share() < 1)
                .build();
    }
}
