package dev.ledger.query.account;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A page size as the query string carries it: a whole number from 1 to {@value #MAX}. The
 * parameter stays text because JAX-RS answers a number it cannot convert with a bare 404; read as
 * text, "ten" is refused here with the same one error as "0" or "201".
 */
@Pattern(regexp = "\\+?\\d+")
@Min(1)
@Max(PageSize.MAX)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface PageSize {

    int MAX = 200;

    String message() default "must be a whole number from 1 to " + MAX;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
