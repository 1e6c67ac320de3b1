package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a service publishes to other modules exists in its migrated database under the names its
 * model module defines: a function or view renamed in a migration fails here, in the owner's
 * build, and not in a job at run time. Run by a subclass annotated with {@code @QuarkusTest}, so
 * that Flyway has migrated the database first.
 */
public abstract class PublishedApiContract {

    private final String database;
    private final List<String> views;
    private final List<String> functions;

    protected PublishedApiContract(String database, List<String> views, List<String> functions) {
        this.database = database;
        this.views = views;
        this.functions = functions;
    }

    @Test
    void shouldPublishEveryNameItsModelModuleDefines() throws Exception {
        List<String> missing = new ArrayList<>();
        try (Connection db = SharedStack.get().postgres().connect(database);
                PreparedStatement view = db.prepareStatement("SELECT to_regclass(?) IS NOT NULL");
                PreparedStatement function = db.prepareStatement("SELECT to_regproc(?) IS NOT NULL")) {
            for (String name : views) {
                if (!exists(view, name)) {
                    missing.add(name);
                }
            }
            for (String name : functions) {
                if (!exists(function, name)) {
                    missing.add(name);
                }
            }
        }
        assertEquals(List.of(), missing, "published names missing from the " + database + " database");
    }

    private static boolean exists(PreparedStatement lookup, String name) throws SQLException {
        lookup.setString(1, name);
        try (ResultSet row = lookup.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
