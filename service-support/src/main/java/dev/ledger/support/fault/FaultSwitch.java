package dev.ledger.support.fault;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Makes the service fail on purpose: while it is on, a share of the API requests (all of them by
 * default) answers 500, as a broken release or a lost dependency would. Failing entirely also
 * makes readiness DOWN. The ACD proxy's circuit breaker, the release analysis and the chaos tests
 * are driven with it. Which requests fail is counted, not drawn: a share of 0.25 fails every fourth.
 * Off unless {@code ledger.fault-switch.enabled} (the dev overlay and the tests); where it is not
 * enabled, it cannot be turned on.
 */
@ApplicationScoped
public class FaultSwitch {

    private static final Logger LOG = Logger.getLogger(FaultSwitch.class);

    private final boolean enabled;
    private volatile double share;
    private final AtomicLong requests = new AtomicLong();

    FaultSwitch(FaultSwitchConfig config) {
        this.enabled = config.enabled();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The share of API requests that fail: 0 when off, 1 when failing entirely. */
    public double share() {
        return share;
    }

    /** Fails {@code share} of the API requests from now on (0 turns it off); refused where not enabled. */
    public void set(double share) {
        if (!enabled) {
            throw new IllegalStateException("the fault switch is not enabled (ledger.fault-switch.enabled)");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("the share of failing requests is from 0 to 1, not " + share);
        }
        if (this.share != share) {
            requests.set(0);
            this.share = share;
            LOG.warnf("fault switch: %s of the API requests now fail", share == 0 ? "none" : share);
        }
    }

    /** Whether this API request fails: the n-th does when n * share passes the next whole number. */
    public boolean failsNext() {
        double current = share;
        if (current == 0) {
            return false;
        }
        long n = requests.incrementAndGet();
        return Math.floor(n * current) > Math.floor((n - 1) * current);
    }
}
