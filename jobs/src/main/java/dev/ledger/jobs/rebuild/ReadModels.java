package dev.ledger.jobs.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The read-model schemas in the query database (see query-service's V1__projection.sql). */
final class ReadModels {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private ReadModels() {
    }

    /** Drops what a killed run left: BUILDING schemas never become live, so nothing is lost. */
    static List<String> dropUnfinished(Connection db) throws SQLException {
        List<String> dropped = new ArrayList<>();
        db.setAutoCommit(false);
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT schema_name FROM projection.read_model WHERE state = 'BUILDING' FOR UPDATE")) {
            while (rows.next()) {
                dropped.add(rows.getString(1));
            }
        }
        for (String schema : dropped) {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM projection.read_model WHERE schema_name = ?");
                 PreparedStatement parked = db.prepareStatement("DELETE FROM projection.parked_event WHERE schema_name = ?");
                 Statement drop = db.createStatement()) {
                delete.setString(1, schema);
                delete.executeUpdate();
                parked.setString(1, schema);
                parked.executeUpdate();
                drop.execute("DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
            }
        }
        db.commit();
        return dropped;
    }

    /**
     * Creates an empty read model and registers it as BUILDING: from this commit on, the live
     * consumer applies every new event to it as well as to the ACTIVE one.
     */
    static String createBuilding(Connection db) throws SQLException {
        String schema = "read_" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        db.setAutoCommit(false);
        try (PreparedStatement register = db.prepareStatement(
                     "INSERT INTO projection.read_model (schema_name, state) VALUES (?, 'BUILDING')");
             PreparedStatement create = db.prepareStatement("SELECT projection.create_read_model(?)")) {
            register.setString(1, schema);
            register.executeUpdate();
            create.setString(1, schema);
            create.execute();
        }
        db.commit();
        return schema;
    }

    static String active(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery("SELECT schema_name FROM projection.read_model WHERE state = 'ACTIVE'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** Holds the registry so no live consumer transaction can apply an event until this one commits. */
    static void lockRegistry(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("SELECT 1 FROM projection.read_model FOR UPDATE");
        }
    }

    /** Switches the views to {@code schema} and drops the previous read model, in the caller's transaction. */
    static void activate(Connection db, String schema) throws SQLException {
        try (PreparedStatement activate = db.prepareStatement("SELECT projection.activate_read_model(?)")) {
            activate.setString(1, schema);
            activate.execute();
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
