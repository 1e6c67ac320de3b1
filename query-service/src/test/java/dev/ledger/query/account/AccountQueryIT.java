package dev.ledger.query.account;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AccountQueryTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class AccountQueryIT extends AccountQueryTest {}
