package dev.ledger.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A PostgreSQL server for the local stack: either PostgreSQL 17 run from the binaries that the
 * {@code io.zonky.test} artifacts bring from Maven Central, or an existing server reached by URL.
 */
public final class PostgresServer extends LocalServer<EmbeddedPostgres> {

    private final PostgresLogin login;
    private final Map<String, String> serverConfig;

    private PostgresServer(Path dataDirectory, PostgresLogin login, Map<String, String> serverConfig) {
        super(dataDirectory);
        this.login = login;
        this.serverConfig = serverConfig;
    }

    /**
     * Starts PostgreSQL on {@code port}, keeping its data in {@code dataDirectory} across starts. It
     * listens on loopback only with trust authentication; the password is nominal.
     */
    public static PostgresServer embedded(Path dataDirectory, int port) {
        return embedded(dataDirectory, port, Map.of());
    }

    /** The same, with more {@code postgresql.conf} settings, e.g. TLS ({@code ssl}, {@code ssl_cert_file}, ...). */
    public static PostgresServer embedded(Path dataDirectory, int port, Map<String, String> serverConfig) {
        PostgresServer server = new PostgresServer(
                dataDirectory, new PostgresLogin("127.0.0.1", port, "postgres", "postgres"), serverConfig);
        server.start();
        return server;
    }

    /** Uses a server that is already running, e.g. {@code jdbc:postgresql://db.local:5432/postgres}. */
    public static PostgresServer existing(String adminJdbcUrl, String user, String password) {
        String withoutScheme = adminJdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        String hostPort = withoutScheme.split("[/?]", 2)[0];
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        return new PostgresServer(
                null, new PostgresLogin(host, port, user, password == null ? "" : password), Map.of());
    }

    @Override
    EmbeddedPostgres startEmbedded(Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            serverConfig.forEach(builder::setServerConfig);
            return builder.setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(login.port())
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "PostgreSQL did not start on port " + login.port() + " with data in " + dataDirectory + ": "
                            + rootCause(e),
                    e);
        }
    }

    /** A fast shutdown. */
    @Override
    void stopEmbedded(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }

    public String host() {
        return login.host();
    }

    public int port() {
        return login.port();
    }

    public String user() {
        return login.user();
    }

    public String password() {
        return login.password();
    }

    public String jdbcUrl(String database) {
        return login.jdbcUrl(database);
    }

    public String reactiveUrl(String database) {
        return login.reactiveUrl(database);
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), login.user(), login.password());
    }

    /** Creates each database that does not exist yet. */
    public void createDatabases(String... names) {
        createMissing(
                "databases",
                "SELECT 1 FROM pg_database WHERE datname = '%s'",
                name -> "CREATE DATABASE " + name,
                names);
    }

    /**
     * Creates each login role that does not exist yet, with the server's password and no other right:
     * what a database owner grants it is all it may do.
     */
    public void createLogins(String... roles) {
        String password = login.password().replace("'", "''");
        createMissing(
                "logins",
                "SELECT 1 FROM pg_roles WHERE rolname = '%s'",
                role -> "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                roles);
    }

    /** As the admin: runs {@code create} for each plain name the {@code exists} query does not find. */
    private void createMissing(String what, String exists, UnaryOperator<String> create, String... names) {
        Properties credentials = new Properties();
        credentials.setProperty("user", login.user());
        credentials.setProperty("password", login.password());
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), credentials);
                Statement statement = connection.createStatement()) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a plain name: " + name);
                }
                try (var rows = statement.executeQuery(exists.formatted(name))) {
                    if (rows.next()) {
                        continue;
                    }
                }
                statement.execute(create.apply(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create " + what + " on " + jdbcUrl("postgres") + ": " + e.getMessage(), e);
        }
    }

    /** The postmaster's process id, read from its pid file; -1 when not running embedded. */
    public long pid() {
        if (!isRunning()) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readAllLines(directory().resolve("postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
