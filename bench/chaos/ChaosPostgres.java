import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.PostgresServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the chaos run's PostgreSQL and exits, leaving the postmaster running on its own: the
 * driver then crashes and restarts it by the pid in its data directory, as it would a database
 * server on another machine. A restart on the same data directory runs crash recovery.
 *
 * <p>Run: {@code ChaosPostgres <data directory> <port> <log directory>}
 */
public final class ChaosPostgres {

    private ChaosPostgres() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PostgresServer server = PostgresServer.embedded(
                Path.of(args[0]),
                Integer.parseInt(args[1]),
                Map.of(
                        // zonky turns it off for speed; then an immediate shutdown loses commits that were
                        // already acknowledged, which is the test bed's fault, not the ledger's
                        "synchronous_commit", "on",
                        // its own log files: once this JVM is gone, nobody reads the postmaster's stderr
                        "logging_collector", "on",
                        "log_directory", args[2]));
        server.createDatabases(LocalStack.COMMAND_DATABASE, LocalStack.QUERY_DATABASE);
        System.out.println("chaos-postgres: postmaster " + server.pid() + " on port " + args[1]);
        System.out.flush();
        // halt, not exit: the shutdown hooks, zonky's among them, would stop the server
        Runtime.getRuntime().halt(0);
    }
}
