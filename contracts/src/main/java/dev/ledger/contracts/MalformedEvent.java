package dev.ledger.contracts;

/** The bytes on the topic are not a valid account event; the message says why. */
public class MalformedEvent extends RuntimeException {

    public MalformedEvent(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEvent(String message) {
        super(message);
    }
}
