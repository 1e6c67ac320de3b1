package dev.ledger.command.account;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AccountResourceTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class AccountResourceIT extends AccountResourceTest {}
