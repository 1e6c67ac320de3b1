package dev.ledger.query.openapi;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpenApiTest}'s cases again, against the packaged application as its container runs it. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {}
