package dev.ledger.command.transfer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TransferResourceTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class TransferResourceIT extends TransferResourceTest {}
