package dev.ledger.command.transfer;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TransferLockOrderTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class TransferLockOrderIT extends TransferLockOrderTest {}
