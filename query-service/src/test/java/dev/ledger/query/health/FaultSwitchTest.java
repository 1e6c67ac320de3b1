package dev.ledger.query.health;

import dev.ledger.devstack.FaultSwitchContract;
import dev.ledger.devstack.QueryStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class FaultSwitchTest extends FaultSwitchContract {}
