package dev.ledger.support.fault;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Makes the service fail on purpose: while it is on, every API request answers 500 and readiness
 * is DOWN, as when a dependency the service cannot do without is gone. The ACD proxy's circuit
 * breaker and the chaos tests are driven with it. Off unless {@code ledger.fault-switch.enabled}
 * (the dev overlay and the tests); where it is not enabled, it cannot be turned on.
 */
@ApplicationScoped
public class FaultSwitch {

    private static final Logger LOG = Logger.getLogger(FaultSwitch.class);

    private final boolean enabled;
    private final AtomicBoolean failing = new AtomicBoolean();

    FaultSwitch(FaultSwitchConfig config) {
        this.enabled = config.enabled();
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean failing() {
        return failing.get();
    }

    /** Turns failing on or off; refused where the switch is not enabled. */
    public void set(boolean fail) {
        if (!enabled) {
            throw new IllegalStateException("the fault switch is not enabled (ledger.fault-switch.enabled)");
        }
        if (failing.getAndSet(fail) != fail) {
            LOG.warnf("fault switch turned %s: API requests now %s", fail ? "on" : "off", fail ? "fail" : "work");
        }
    }
}
