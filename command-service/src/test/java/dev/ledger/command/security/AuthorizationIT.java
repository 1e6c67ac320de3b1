package dev.ledger.command.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AuthorizationTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class AuthorizationIT extends AuthorizationTest {}
