package dev.ledger.support.fault;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code ledger.fault-switch.enabled}: whether the fault switch can be turned on at all. */
@ConfigMapping(prefix = "ledger.fault-switch")
public interface FaultSwitchConfig {

    @WithDefault("false")
    boolean enabled();
}
