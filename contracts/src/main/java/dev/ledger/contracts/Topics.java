package dev.ledger.contracts;

/** Kafka topic names shared by the producer, the consumers and the jobs. */
public final class Topics {

    /** Every account event, keyed by account id so one account's events stay in order. */
    public static final String ACCOUNT_EVENTS = "ledger.account-events";

    /** Records the query side could not parse or validate, with the reason in headers. */
    public static final String ACCOUNT_EVENTS_DLQ = "ledger.account-events.dlq";

    private Topics() {}
}
