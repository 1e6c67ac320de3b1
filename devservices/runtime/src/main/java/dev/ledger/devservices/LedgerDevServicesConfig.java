package dev.ledger.devservices;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * How a service in dev mode (and in tests, unless switched off) is pointed at the ledger's local
 * stack, which runs once for the whole repository (devservices/README.md). Fixed at build time; known
 * at run time as well, because the services' own mappings of the prefix {@code ledger} would take
 * these names for unknown ones there.
 */
@ConfigMapping(prefix = "ledger.devservices")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface LedgerDevServicesConfig {

    /**
     * Whether to point the service at the local stack, starting it if it does not run. Off, the
     * service's own settings must name its database, Kafka and the token keys.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Whether a stack that this service starts keeps running once no service uses it, until it is
     * stopped by hand (SIGTERM to the process named in devstack.env). A stack that runs already keeps
     * the lifetime it was started with.
     */
    @WithDefault("false")
    boolean keepRunning();

    /** The service's own database on the stack's PostgreSQL; needed unless the service names its datasource itself. */
    Optional<Database> database();

    /** The databases of the stack's PostgreSQL, one per service. */
    enum Database {
        /** command-service's. */
        COMMAND,
        /** query-service's. */
        QUERY
    }
}
