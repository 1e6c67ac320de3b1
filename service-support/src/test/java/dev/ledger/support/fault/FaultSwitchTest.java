package dev.ledger.support.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The switch where it is not enabled (production), and which requests a share fails; FaultSwitchContract covers the rest. */
class FaultSwitchTest {

    @Test
    void shouldRefuseToFailWhereTheSwitchIsNotEnabled() {
        FaultSwitch production = new FaultSwitch(() -> false);
        assertThrows(IllegalStateException.class, () -> production.set(1));
        assertEquals(0, production.share());
        assertFalse(production.failsNext());
    }

    @Test
    void shouldFailExactlyItsShareOfTheRequestsSpreadEvenly() {
        FaultSwitch dev = new FaultSwitch(() -> true);
        dev.set(0.25);
        assertEquals(List.of(false, false, false, true, false, false, false, true), next(dev, 8));
        dev.set(1);
        assertEquals(List.of(true, true, true), next(dev, 3));
        dev.set(0.3);
        assertEquals(30, next(dev, 100).stream().filter(failed -> failed).count());
        dev.set(0);
        assertEquals(List.of(false, false), next(dev, 2));
    }

    @Test
    void shouldRefuseAShareOutsideZeroToOne() {
        FaultSwitch dev = new FaultSwitch(() -> true);
        for (double share : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> dev.set(share), String.valueOf(share));
        }
    }

    private static List<Boolean> next(FaultSwitch faults, int requests) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            failed.add(faults.failsNext());
        }
        return failed;
    }
}
