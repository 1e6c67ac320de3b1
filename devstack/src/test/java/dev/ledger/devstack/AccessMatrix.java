package dev.ledger.devstack;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The role x operation x account-owner matrix of both services' authorization tests: every
 * combination, each with the status the rules of docs/security.md give it.
 */
public final class AccessMatrix {

    /** Who calls: no token, or a token with one role. */
    public enum Role {
        NONE,
        READER,
        WRITER,
        ADMIN
    }

    /** Whose account the operation names: the token subject's, or another owner's. */
    public enum Whose {
        OWN,
        OTHER
    }

    /** The status the rules give an operation for a role on an account. */
    public interface Rule<O> {
        int status(O operation, Role role, Whose whose);
    }

    private AccessMatrix() {}

    /** Every (operation, role, whose, status) of the matrix, for a parameterized test. */
    public static <O extends Enum<O>> Stream<Arguments> cases(Class<O> operations, Rule<O> rule) {
        List<Arguments> cases = new ArrayList<>();
        for (O operation : operations.getEnumConstants()) {
            for (Role role : Role.values()) {
                for (Whose whose : Whose.values()) {
                    cases.add(Arguments.of(operation, role, whose, rule.status(operation, role, whose)));
                }
            }
        }
        return cases.stream();
    }

    /** A request by {@code role} for {@code subject} (the admin has its own subject). */
    public static RequestSpecification as(Role role, String subject) {
        return switch (role) {
            case NONE -> given();
            case READER -> Callers.asReader(subject);
            case WRITER -> Callers.asWriter(subject);
            case ADMIN -> Callers.asAdmin();
        };
    }
}
