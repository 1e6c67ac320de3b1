package dev.ledger.support.problem;

import java.util.Map;

/**
 * A failure a service foresaw and answers with a problem: the message becomes its {@code detail}
 * and {@link #details()} its extensions. Each service's sealed subclass names its rules, and its
 * {@code ProblemMapper} the problem type of each. A refusal is no fault of the code, so it carries
 * no stack trace.
 */
public abstract class ProblemException extends RuntimeException {

    private final Map<String, Object> details;

    protected ProblemException(String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.details = Map.copyOf(details);
    }

    /** Details a client can act on, added to the problem body. */
    public Map<String, Object> details() {
        return details;
    }
}
