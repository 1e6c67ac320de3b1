package dev.ledger.query.health;

import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.ReadinessContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ReadinessTest extends ReadinessContract {}
