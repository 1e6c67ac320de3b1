package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    /**
     * The kernel offers each free port again soon: among 3,000 picks from about 28,000 ephemeral
     * ports, hundreds of pairs would repeat. A server started seconds after its pick would then lose
     * its port to a test running beside it.
     */
    @Test
    void shouldNeverHandOutAPortTwiceWhenTheKernelOffersItAgain() {
        Set<Integer> seen = new HashSet<>();
        for (int pick = 0; pick < 3_000; pick++) {
            int port = FreePorts.any();
            assertTrue(seen.add(port), "port " + port + " handed out twice, at pick " + pick);
        }
    }
}
