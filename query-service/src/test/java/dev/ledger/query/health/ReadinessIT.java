package dev.ledger.query.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ReadinessTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class ReadinessIT extends ReadinessTest {}
