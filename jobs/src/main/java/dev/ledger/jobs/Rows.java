package dev.ledger.jobs;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Reads what a query answers, one value per row. */
public final class Rows {

    /** Reads the current row. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private Rows() {}

    /** Every row the query answers, in its order. */
    public static <T> List<T> all(PreparedStatement query, Reader<T> reader) throws SQLException {
        List<T> values = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                values.add(reader.read(row));
            }
        }
        return values;
    }

    /**
     * Every row as a {@code type}: a public record whose components are the query's columns by name,
     * in camelCase ({@code transfersIn} is read from {@code transfers_in}), each a long, String, UUID
     * or Instant.
     */
    public static <R extends Record> List<R> all(PreparedStatement query, Class<R> type) throws SQLException {
        RecordComponent[] components = type.getRecordComponents();
        Constructor<R> constructor = canonicalConstructor(type, components);
        return all(query, row -> {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = column(row, components[i]);
            }
            try {
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a " + type.getSimpleName() + " of a row", e);
            }
        });
    }

    private static <R extends Record> Constructor<R> canonicalConstructor(Class<R> type, RecordComponent[] components) {
        try {
            return type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    private static Object column(ResultSet row, RecordComponent component) throws SQLException {
        String column = component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
        Class<?> type = component.getType();
        if (type == long.class) {
            return row.getLong(column);
        }
        if (type == String.class) {
            return row.getString(column);
        }
        if (type == UUID.class) {
            return row.getObject(column, UUID.class);
        }
        if (type == Instant.class) {
            return row.getTimestamp(column).toInstant();
        }
        throw new IllegalArgumentException("no column of type " + type.getName() + " is read: " + component);
    }
}
