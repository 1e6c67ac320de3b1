package dev.ledger.command.health;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.ReadinessChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class ReadinessTest {

    @Test
    void shouldTurnUnreadyWhileItsDatabaseIsDownAndReadyWhenItReturns() {
        ReadinessChecks.assertUnreadyOnlyWhileTheDatabaseIsDown();
    }

    @Test
    void shouldStayReadyWhileKafkaIsDownAndReportKafkaOnItsOwn() {
        ReadinessChecks.assertReadyWhileKafkaIsDownAndKafkaReportedOnItsOwn();
    }
}
