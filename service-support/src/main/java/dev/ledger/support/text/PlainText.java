package dev.ledger.support.text;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person reads back: owner names, references, the owner a query asks for. Refused are
 * control characters (Unicode Cc: NUL, which PostgreSQL cannot store, tabs, line breaks), format
 * characters (Cf: bidirectional overrides such as U+202E that make a name display reversed,
 * zero-width spaces that make two names look alike), line and paragraph separators (Zl, Zp), and
 * unpaired surrogates, which no UTF-8 text can hold. Any other letter, digit, symbol or space is
 * accepted, whatever its script.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainText.Validator.class)
public @interface PlainText {

    String message() default
            "must be plain text: no control or format characters (such as NUL or U+202E) and no unpaired surrogates";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.codePoints().allMatch(Validator::readable);
        }

        private static boolean readable(int codePoint) {
            return switch (Character.getType(codePoint)) {
                case Character.CONTROL,
                        Character.FORMAT,
                        Character.SURROGATE,
                        Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR -> false;
                default -> true;
            };
        }
    }
}
