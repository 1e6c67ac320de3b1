import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The ledger's PostgreSQL, one server for the command and query databases, as a process of its own:
 * {@link ChaosPostgres} starts the postmaster in a short-lived JVM, and the driver then knows it by
 * the pid in its data directory, which it keeps across restarts.
 */
final class PostgresProcess {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    /** Its directory is the server's data directory. */
    private final ServerLaunch launch;

    PostgresProcess(ServerLaunch launch) {
        this.launch = launch;
    }

    void start() throws IOException, InterruptedException {
        Path serverLogs = launch.log().resolveSibling("postgres-server-logs");
        Launched starter = launch.start(List.of("-Xmx128m"), "ChaosPostgres", serverLogs.toString());
        OptionalInt exit = starter.waitFor(Duration.ofMinutes(3));
        if (exit.isEmpty()) {
            starter.kill();
        }
        if (exit.orElse(-1) != 0) {
            throw new IllegalStateException(
                    "PostgreSQL did not start on port " + launch.port() + ": " + starter.output());
        }
    }

    /**
     * An immediate-mode shutdown, as {@code pg_ctl stop -m immediate} sends it (SIGQUIT: no
     * checkpoint, every backend cut off), then a start on the same data, which runs crash recovery.
     */
    void restartImmediately() throws IOException, InterruptedException {
        long postmaster = pid();
        Signals.send(postmaster, "QUIT");
        if (!Signals.awaitEnd(postmaster, Duration.ofSeconds(60))) {
            Signals.send(postmaster, "KILL");
            Signals.awaitEnd(postmaster, Duration.ofSeconds(10));
        }
        start();
    }

    /** A fast shutdown (SIGINT), then SIGKILL if it takes too long; a no-op when it is not running. */
    void stop() throws InterruptedException {
        if (!Files.exists(pidFile())) {
            return;
        }
        long postmaster = pid();
        if (!Signals.isRunning(postmaster)) {
            return;
        }
        Signals.send(postmaster, "INT");
        if (!Signals.awaitEnd(postmaster, Duration.ofSeconds(30))) {
            Signals.send(postmaster, "KILL");
        }
    }

    /** The postmaster's pid, the first line of its lock file. */
    long pid() {
        try {
            return Long.parseLong(Files.readAllLines(pidFile()).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no postmaster.pid in " + launch.directory() + ": is PostgreSQL running?", e);
        }
    }

    private Path pidFile() {
        return launch.directory().resolve("postmaster.pid");
    }

    /** A connection the driver opens to read, named so that it can tell its own sessions from the services'. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + launch.port() + "/" + database + "?ApplicationName="
                        + Cluster.APPLICATION_NAME,
                USER,
                PASSWORD);
    }
}
