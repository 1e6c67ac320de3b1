package dev.ledger.query.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The query side's own settings, with their defaults in application.properties. */
@ConfigMapping(prefix = "ledger")
public interface QueryConfig {

    ReadYourWrites readYourWrites();

    Projection projection();

    Http http();

    interface ReadYourWrites {

        /** How long a query with X-Min-Version waits for the projection before answering 503. */
        Duration maxWait();

        /** How often the read model is re-read while waiting. */
        Duration pollEvery();
    }

    interface Projection {

        /** Retries of an event that arrives ahead of its account before it is parked. */
        int gapRetries();

        /** First back-off between those retries; it doubles each time. */
        Duration gapBackoff();
    }

    interface Http {

        /** How long clients and shared caches (the ACD proxy) may reuse a query's answer. */
        Duration cacheMaxAge();
    }
}
