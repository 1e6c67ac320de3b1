package dev.ledger.command.health;

import dev.ledger.devstack.FaultSwitchContract;
import dev.ledger.devstack.LedgerStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class FaultSwitchTest extends FaultSwitchContract {}
