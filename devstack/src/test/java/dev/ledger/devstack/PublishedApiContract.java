package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What a service publishes to other modules exists in its migrated database under the names its
 * model module defines: every {@code public static final String} of the model class that names a
 * schema-qualified object ({@code schema.name}) must be a view or a function there. A name renamed
 * in a migration, or added to the model and never created, fails here, in the owner's build, and
 * not in a job at run time. Run by a subclass annotated with {@code @QuarkusTest}, so that Flyway
 * has migrated the database first.
 */
public abstract class PublishedApiContract {

    private final String database;
    private final Class<?> model;

    protected PublishedApiContract(String database, Class<?> model) {
        this.database = database;
        this.model = model;
    }

    @Test
    void shouldPublishEveryNameItsModelModuleDefines() throws Exception {
        List<String> names = publishedNames();
        assertFalse(names.isEmpty(), model.getSimpleName() + " names no schema-qualified object");
        List<String> missing = new ArrayList<>();
        try (Connection db = SharedStack.get().postgres().connect(database);
                PreparedStatement exists =
                        db.prepareStatement("SELECT to_regclass(?) IS NOT NULL OR to_regproc(?) IS NOT NULL")) {
            for (String name : names) {
                exists.setString(1, name);
                exists.setString(2, name);
                try (ResultSet row = exists.executeQuery()) {
                    row.next();
                    if (!row.getBoolean(1)) {
                        missing.add(name);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "published names missing from the " + database + " database");
    }

    /**
     * The model's read-only login ({@code READ_ONLY_ROLE}, which devstack creates as a platform
     * would) may read every published view, and was granted nothing but reads; the service names the
     * same login to Flyway (afterMigrate.sql).
     */
    @Test
    void shouldGrantTheReadOnlyLoginThePublishedViewsAndNoWrite() throws Exception {
        String role = (String) model.getField("READ_ONLY_ROLE").get(null);
        assertEquals(
                role, ConfigProvider.getConfig().getValue("quarkus.flyway.placeholders.read_only_role", String.class));
        List<String> unreadable = new ArrayList<>();
        try (Connection db = SharedStack.get().postgres().connect(database);
                PreparedStatement readable = db.prepareStatement(
                        "SELECT to_regclass(?) IS NULL OR has_table_privilege(?, to_regclass(?), 'SELECT')");
                PreparedStatement writes =
                        db.prepareStatement("SELECT table_schema || '.' || table_name || ' ' || privilege_type"
                                + " FROM information_schema.role_table_grants"
                                + " WHERE grantee = ? AND privilege_type <> 'SELECT'")) {
            for (String name : publishedNames()) {
                readable.setString(1, name);
                readable.setString(2, role);
                readable.setString(3, name);
                try (ResultSet row = readable.executeQuery()) {
                    row.next();
                    if (!row.getBoolean(1)) {
                        unreadable.add(name);
                    }
                }
            }
            writes.setString(1, role);
            List<String> granted = new ArrayList<>();
            try (ResultSet rows = writes.executeQuery()) {
                while (rows.next()) {
                    granted.add(rows.getString(1));
                }
            }
            assertEquals(List.of(), granted, role + " may change these");
        }
        assertEquals(List.of(), unreadable, role + " cannot read these published views");
    }

    private List<String> publishedNames() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : Arrays.stream(model.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .toList()) {
            String value = (String) field.get(null);
            if (value.matches("[a-z_]+\\.[a-z_]+")) {
                names.add(value);
            }
        }
        return names;
    }
}
