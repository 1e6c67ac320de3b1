package dev.ledger.support.problem;

import java.util.Map;

/**
 * A failure a service foresaw and answers with a problem of its {@link #type()}: the message
 * becomes its {@code detail} and {@link #details()} its extensions. Each service names its rules as
 * subclasses, each with its type, so no mapper has to keep a second list of them. A refusal is no
 * fault of the code, so it carries no stack trace.
 */
public abstract class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> details;

    protected ProblemException(ProblemType type, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.type = type;
        this.details = Map.copyOf(details);
    }

    public ProblemType type() {
        return type;
    }

    /** Details a client can act on, added to the problem body. */
    public Map<String, Object> details() {
        return details;
    }

    /** The problem this failure is answered with, for the request at {@code instance}. */
    public Problem problem(String instance) {
        return type.problem(getMessage(), instance, details);
    }
}
