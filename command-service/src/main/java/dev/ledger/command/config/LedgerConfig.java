package dev.ledger.command.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The command side's own settings, with their defaults in application.properties. */
@ConfigMapping(prefix = "ledger")
public interface LedgerConfig {

    Outbox outbox();

    Http http();

    interface Outbox {

        /** Whether this replica runs the relay; the advisory lock makes one relay publish at a time anyway. */
        boolean relayEnabled();

        /** Rows published per round trip to Kafka. */
        int batchSize();

        /** Fallback poll for a lost notification (the scheduler reads it by name). */
        Duration pollInterval();

        /** The longest pause between two rounds; zero starts each round as soon as it is asked for. */
        Duration maxRoundPause();
    }

    interface Http {

        /** Largest request body accepted; larger ones get a 413 problem. */
        long maxBodyBytes();
    }
}
