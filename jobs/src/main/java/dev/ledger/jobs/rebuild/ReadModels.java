package dev.ledger.jobs.rebuild;

import dev.ledger.jobs.Rows;
import dev.ledger.query.model.QueryModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The read-model lifecycle, through the functions query-service publishes ({@link QueryModel}):
 * the registry and the read-model schemas are query-service's, and this job never touches them itself.
 */
final class ReadModels {

    private ReadModels() {}

    /** Drops what a killed run left: BUILDING schemas never become live, so nothing is lost. */
    static List<String> dropUnfinished(Connection db) throws SQLException {
        db.setAutoCommit(false);
        List<String> dropped;
        try (PreparedStatement drop = db.prepareStatement("SELECT " + QueryModel.DROP_UNFINISHED_READ_MODELS + "()")) {
            dropped = Rows.all(drop, row -> row.getString(1));
        }
        db.commit();
        return dropped;
    }

    /**
     * Creates an empty read model and registers it as BUILDING: from this commit on, the live
     * consumer applies every new event to it as well as to the ACTIVE one.
     */
    static String createBuilding(Connection db) throws SQLException {
        db.setAutoCommit(false);
        String schema = call(db, QueryModel.CREATE_BUILDING_READ_MODEL);
        db.commit();
        return schema;
    }

    static String active(Connection db) throws SQLException {
        return call(db, QueryModel.ACTIVE_READ_MODEL);
    }

    /** Holds the registry so no live consumer transaction can apply an event until this one commits. */
    static void lockRegistry(Connection db) throws SQLException {
        call(db, QueryModel.LOCK_READ_MODELS);
    }

    /** Switches the views to {@code schema} and drops the previous read model, in the caller's transaction. */
    static void activate(Connection db, String schema) throws SQLException {
        try (PreparedStatement activate = db.prepareStatement("SELECT " + QueryModel.ACTIVATE_READ_MODEL + "(?)")) {
            activate.setString(1, schema);
            activate.execute();
        }
    }

    /** Calls a function without arguments and returns its result as text. */
    private static String call(Connection db, String function) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT " + function + "()")) {
            row.next();
            return row.getString(1);
        }
    }
}
