package dev.ledger.support.fault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The switch where it is not enabled (production); FaultSwitchContract covers it where it is. */
class FaultSwitchTest {

    @Test
    void shouldRefuseToFailWhereTheSwitchIsNotEnabled() {
        FaultSwitch production = new FaultSwitch(() -> false);
        assertThrows(IllegalStateException.class, () -> production.set(true));
        assertFalse(production.failing());
    }

    @Test
    void shouldFailUntilTurnedOffWhereEnabled() {
        FaultSwitch dev = new FaultSwitch(() -> true);
        dev.set(true);
        assertTrue(dev.failing());
        dev.set(false);
        assertFalse(dev.failing());
    }
}
