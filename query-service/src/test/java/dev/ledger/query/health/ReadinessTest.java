package dev.ledger.query.health;

import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.ReadinessChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
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
