package dev.ledger.support.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/** One entry of a {@code validation} problem's {@code errors[]}: the field or parameter, and what is wrong with it. */
public record FieldError(String field, String message) {

    /**
     * What Bean Validation refused, sorted by field, in both services' form: a body's field is named
     * by its property path ({@code amount}), a query or path parameter, which has none, by its name.
     */
    public static List<FieldError> of(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        StringJoiner field = new StringJoiner(".");
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY) {
                field.add(node.getName());
            }
        }
        return field.length() > 0 ? field.toString() : parameter == null ? "body" : parameter;
    }
}
