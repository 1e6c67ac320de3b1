package dev.ledger.query.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link QueryAuthorizationTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class QueryAuthorizationIT extends QueryAuthorizationTest {}
