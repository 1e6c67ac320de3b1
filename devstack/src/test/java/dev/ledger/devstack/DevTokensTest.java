package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.support.security.LedgerRoles;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** bin/dev's tokens carry the roles the services check (DevstackMain cannot name LedgerRoles itself). */
class DevTokensTest {

    @Test
    void shouldPrintATokenForEachRoleTheServicesCheck() {
        assertEquals(
                Set.of(LedgerRoles.WRITER, LedgerRoles.READER, LedgerRoles.ADMIN),
                Set.of(DevstackMain.WRITER, DevstackMain.READER, DevstackMain.ADMIN));
    }
}
