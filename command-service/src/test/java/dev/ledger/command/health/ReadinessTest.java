package dev.ledger.command.health;

import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.ReadinessContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class ReadinessTest extends ReadinessContract {}
