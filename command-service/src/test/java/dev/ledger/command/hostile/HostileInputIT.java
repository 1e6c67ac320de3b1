package dev.ledger.command.hostile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostileInputTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {}
